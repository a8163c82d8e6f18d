"""Addresses of pages, remembered for the life of the process.

An address depends only on the URL patterns, the view's name and arguments, the active language
(the /en/ prefix), the script prefix and the urlconf, never on the data: so the answers stay true
for as long as the process runs. Pages ask for many of them (the language switcher and the hreflang
links eight times; the header, the cards and the links of a page dozens of times), and each answer
otherwise walks the resolver's patterns again.
"""

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse, translate_url
from django.utils.translation import get_language


@lru_cache(maxsize=4096)
def _translated(url: str, lang: str, active: str | None, script_prefix: str) -> str:
    return translate_url(url, lang)


def in_language(url: str, lang: str) -> str:
    """django.urls.translate_url(url, lang), from a bounded cache."""
    return _translated(url, lang, get_language(), get_script_prefix())


@lru_cache(maxsize=16384)
def _reversed(view_name: str, args: tuple, kwargs: tuple, current_app: str | None,
              active: str | None, script_prefix: str, urlconf) -> str:
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)


def remembered_reverse(view_name: str, args=(), kwargs=None, current_app: str | None = None) -> str:
    """django.urls.reverse(...), from a bounded cache (a failed reverse is not remembered)."""
    try:
        return _reversed(view_name, tuple(args), tuple(sorted((kwargs or {}).items())), current_app,
                         get_language(), get_script_prefix(), get_urlconf())
    except TypeError:  # an unhashable argument: nothing to remember it by
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
