"""The address of the same page in another language, remembered: every page asks it eight times
(the language switcher and the hreflang links), and each answer resolves the path against every
URL pattern. The answer depends only on the path, both languages and the script prefix, never on
the data, so it stays true for the life of the process."""

from functools import lru_cache

from django.urls import get_script_prefix, translate_url
from django.utils.translation import get_language


@lru_cache(maxsize=4096)
def _translated(url: str, lang: str, active: str | None, script_prefix: str) -> str:
    return translate_url(url, lang)


def in_language(url: str, lang: str) -> str:
    """django.urls.translate_url(url, lang), from a bounded cache."""
    return _translated(url, lang, get_language(), get_script_prefix())
