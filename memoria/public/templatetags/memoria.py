"""Template helpers for translated text, dates, footnotes and the language switcher."""

from django import template
from django.conf import settings
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from memoria.core import dates
from memoria.core.i18n import translated
from memoria.public.translated_urls import in_language

register = template.Library()


@register.filter
def tr(obj, field):
    """A translated field as inline text; marked with its language when it is a fallback."""
    if obj is None:
        return ""
    value = translated(obj, field)
    if value.is_fallback:
        return format_html('<span lang="{}">{}</span>', value.lang, value.text)
    return value.text


@register.filter
def tr_text(obj, field):
    """A translated field as plain text, for where markup cannot go: <title>, an alt attribute
    (tr's <span lang> would show as characters there, or break the attribute)."""
    return "" if obj is None else translated(obj, field).text


@register.simple_tag
def trblock(obj, field):
    """A translated long text as paragraphs, saying so when it is shown in another language."""
    value = translated(obj, field)
    if not value:
        return ""
    body = mark_safe(linebreaks(value.text, autoescape=True))
    if not value.is_fallback:
        return body
    notice = _("Not yet translated into this language; shown in %(language)s.") % {
        "language": get_language_info(value.lang)["name_local"]
    }
    return format_html('<p class="notice">{}</p><div lang="{}">{}</div>', notice, value.lang, body)


@register.filter
def edtf(text):
    return dates.humanize(text)


@register.simple_tag
def cite(notes, obj, fact=""):
    """Superscript links to the footnotes citing a record, a fact of it, or a relation."""
    found = notes.numbers_for(obj, fact)
    if not found:
        return ""
    return format_html(
        '<sup class="cite">{}</sup>',
        format_html_join(
            ",", '<a href="#note-{0}" aria-label="{1} {0}">{0}</a>',
            ((n.number, _("source")) for n in found),
        ),
    )


@register.simple_tag(takes_context=True)
def language_links(context):
    """The same page in each language."""
    request = context["request"]
    current = context.get("LANGUAGE_CODE")
    links = []
    for code, name in settings.LANGUAGES:
        url = in_language(request.get_full_path(), code)
        links.append((url, code, name, ' aria-current="true"' if code == current else ""))
    return format_html_join(
        "", '<li><a href="{0}" hreflang="{1}" lang="{1}"{2}>{3}</a></li>',
        ((url, code, mark_safe(attr), name) for url, code, name, attr in links),
    )


@register.filter
def has(obj, field):
    """Whether a translated field has text in any language."""
    return bool(translated(obj, field)) if obj is not None else False


@register.filter
def verbose_name(obj):
    return obj._meta.verbose_name


@register.filter
def colon(label):
    """A label followed by its colon as the page's language writes it: French puts a no-break
    space before it ("Représente : …"), the other languages none."""
    return format_html("{}{}", label, "\u00a0:" if get_language() == "fr" else ":")
