"""Addresses of pages, remembered for the life of the process.

An address depends only on the URL patterns, the view's name and arguments, the active language
(the /en/ prefix), the script prefix and the urlconf, never on the data, so an answer stays true for
as long as the process runs. A page asks for dozens (its header, its cards, its links, its
footnotes' sources), and each answer otherwise walks the resolver's patterns again.
"""

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


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
