"""The cards of the exhibition's sections and of the objects list, each an inclusion tag.

A page shows dozens of cards. Included with `{% include %}`, each card looked its values up
through the page's whole context, reversed its address, translated its label, chose its fields'
language and included its pictogram in template code; here the card gets them ready in Python
(what is the same for every card of a list, once per list) and its template, cached like every
template, only places them."""

from django import template
from django.template.loader import get_template
from django.utils.translation import gettext

from memoria.core import dates
from memoria.public.templatetags.memoria import colon, has, tr, tr_text

register = template.Library()


def _per_list(context, key: str, compute):
    """compute(), once per rendering of the template that shows the cards (its render_context)."""
    found = context.render_context.get(key)
    if found is None:
        found = context.render_context[key] = compute()
    return found


def _icon(context, name: str):
    return _per_list(context, f"memoria-icon:{name}", lambda: get_template(f"public/icons/{name}.svg").render())


@register.inclusion_tag("public/_item_card.html", takes_context=True)
def item_card(context, item, caption=""):
    media = next(iter(item.media.all()), None)
    thumbnail = media.thumbnail.url if media and media.thumbnail else ""
    return {
        "thumbnail_url": thumbnail,
        "alt": tr_text(media, "alt_text") if thumbnail else "",
        "icon": "" if thumbnail else _icon(context, f"kind-{item.kind}"),
        "kind_name": item.get_kind_display(),
        "url": item.get_absolute_url(),
        "title": tr(item, "title"),
        "inventory_label": _per_list(context, "memoria-inventory-label", lambda: colon(gettext("Inventory number"))),
        "inventory_number": item.inventory_number,
        "has_date": bool(item.date_made),
        "date": dates.humanize(item.date_made) if item.date_made else "",
        "caption": caption,
    }


@register.inclusion_tag("public/_person_card.html", takes_context=True)
def person_card(context, person, caption=""):
    return {
        "icon": _icon(context, "person"),
        "url": person.get_absolute_url(),
        "name": tr(person, "name"),
        "roles": tr(person, "roles") if has(person, "roles") else "",
        "caption": caption,
    }
