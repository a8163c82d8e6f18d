"""What a page says about itself to search engines, link previews and researchers:
canonical and hreflang links, a meta description, Open Graph / Twitter card tags, and the
"Cite this" block of record pages."""

import json
from datetime import date

from django import template
from django.conf import settings
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import to_locale

from memoria.archive.models import Item
from memoria.core.i18n import LANGUAGE_CODES, translated
from memoria.labels.shortlinks import public_base_url, short_path
from memoria.public.translated_urls import in_language

register = template.Library()

#: The fields that describe a record, best first, whatever its kind.
DESCRIBING_FIELDS = ("subtitle", "caption", "roles", "description", "biography", "introduction")
#: The fields that name a record.
NAMING_FIELDS = ("name", "title")
DESCRIPTION_LENGTH = 200


def _record(context):
    page = context.get("page")
    return getattr(page, "record", None) or context.get("source")


def _text(record, fields) -> str:
    for field in fields:
        if hasattr(record, field):
            text = " ".join(strip_tags(str(translated(record, field))).split())
            if text:
                return text
    return ""


def _image_url(record) -> str:
    """The record's first shown image, only when the page already read its media (no extra query)."""
    media = getattr(record, "_prefetched_objects_cache", {}).get("media")
    for item in media or ():
        if item.display:
            return item.display.url
    return ""


def _without_language(path: str) -> str:
    first, _slash, rest = path.lstrip("/").partition("/")
    return "/" + rest if first in LANGUAGE_CODES else path


def _canonical_path(request) -> str:
    page_number = request.GET.get("page")
    return request.path + (f"?page={page_number}" if page_number and page_number.isdigit() and page_number != "1" else "")


@register.simple_tag(takes_context=True)
def page_head(context):
    request = context["request"]
    base = public_base_url(request)
    canonical = base + _canonical_path(request)
    record = _record(context)
    description = _text(record, DESCRIBING_FIELDS) if record is not None else ""
    description = Truncator(description or _("War-memory archive and exhibition")).chars(DESCRIPTION_LENGTH)
    image = _image_url(record) if record is not None else ""
    alternates = [(code, base + in_language(request.path, code)) for code, _name in settings.LANGUAGES]
    # x-default: the address without a language prefix, which sends each visitor to their own language.
    alternates.append(("x-default", base + _without_language(request.path)))
    tags = [
        format_html('<link rel="canonical" href="{}">', canonical),
        format_html_join("\n", '<link rel="alternate" hreflang="{}" href="{}">', alternates),
        format_html('<meta name="description" content="{}">', description),
        format_html('<meta property="og:site_name" content="{}">', settings.MEMORIA_SITE_NAME),
        format_html('<meta property="og:title" content="{}">', (_text(record, NAMING_FIELDS) if record is not None else "") or settings.MEMORIA_SITE_NAME),
        format_html('<meta property="og:description" content="{}">', description),
        format_html('<meta property="og:url" content="{}">', canonical),
        format_html('<meta property="og:type" content="{}">', "article" if record is not None else "website"),
        format_html('<meta property="og:locale" content="{}">', to_locale(context.get("LANGUAGE_CODE") or settings.LANGUAGE_CODE)),
        format_html('<meta name="twitter:card" content="{}">', "summary_large_image" if image else "summary"),
    ]
    if image:
        tags.append(format_html('<meta property="og:image" content="{}">', base + image))
    return format_html_join("\n", "{}", ((tag,) for tag in tags))


def _bibtex_escape(text: str) -> str:
    for char in "\\{}%&$#_^~":
        text = text.replace(char, "\\" + char)
    return text


@register.inclusion_tag("public/_cite_this.html", takes_context=True)
def cite_this(context, record):
    """The permanent address of a record page and how to cite it, as text, BibTeX and CSL-JSON."""
    if context.get("kiosk"):  # the hall's screen shows no citation (public/_cite_this.html)
        return {"kiosk": context.get("kiosk")}
    request = context["request"]
    base = public_base_url(request)
    if isinstance(record, Item) and record.inventory_number:
        permanent = base + short_path(record.inventory_number)
    else:
        permanent = base + request.path
    title = _text(record, NAMING_FIELDS) or str(record)
    today = date.today()
    site = settings.MEMORIA_SITE_NAME
    key = f"{site}-{record._meta.model_name}-{record.pk}"
    text = _("%(title)s. In: %(site)s, war-memory archive and exhibition. %(url)s (accessed %(date)s).") % {
        "title": title, "site": site, "url": permanent, "date": today.isoformat()}
    bibtex = (f"@misc{{{key},\n  title = {{{_bibtex_escape(title)}}},\n  howpublished = {{\\url{{{permanent}}}}},\n"
              f"  organization = {{{_bibtex_escape(site)}}},\n  note = {{Accessed {today.isoformat()}}}\n}}")
    csl = json.dumps({"id": key, "type": "webpage", "title": title, "container-title": site, "URL": permanent,
                      "accessed": {"date-parts": [[today.year, today.month, today.day]]}},
                     ensure_ascii=False, indent=2)
    return {"permanent": permanent, "text": text, "bibtex": bibtex, "csl": csl, "kiosk": context.get("kiosk")}
