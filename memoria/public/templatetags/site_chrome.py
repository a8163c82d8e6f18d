"""`{% rendered_once "public/_site_nav.html" %}`: a part of every page rendered once per language
and kiosk mode, not once per request.

The site's navigation, footer and style sheet links (and the map's and deep zoom's scripts) hold
no data: addresses, translated labels and the hashed names of static files, the same on every page in a language and for the whole life of
the process (which restarts to take new translations, code or static files). Rendered for every
page, they cost about as much as a page's own content. Such a template sees only `kiosk`
(true or false), so nothing else can slip into what is kept.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=64)
def _rendered(template_name: str, kiosk: bool, language: str | None, script_prefix: str, urlconf) -> str:
    return get_template(template_name).render({"kiosk": kiosk})


@receiver(setting_changed)
def _forget(**kwargs):
    """A test that overrides a setting (the static files' storage, the languages...) renders anew."""
    _rendered.cache_clear()


@register.simple_tag(takes_context=True)
def rendered_once(context, template_name: str):
    kiosk = bool(context.get("kiosk"))
    if settings.DEBUG:  # templates are read again at each request while developing
        return get_template(template_name).render({"kiosk": kiosk})
    return _rendered(template_name, kiosk, get_language(), get_script_prefix(), get_urlconf())
