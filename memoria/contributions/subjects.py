"""What a contribution is about: a published person or item (written "person:3", "item:12" in the
form and the API), or nothing, the exhibition itself. And the facts of each kind a family may
correct — model fields, named as the record's page shows them."""

from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst

from memoria.archive.models import Item, Person
from memoria.core.errors import NotFound
from memoria.core.i18n import translated
from memoria.core.visibility import visible

KINDS = {"person": Person, "item": Item}
CORRECTABLE_FACTS = {
    Person: ("name", "birth_date", "birth_place", "death_date", "death_place", "roles"),
    Item: ("title", "date_made", "origin", "material", "dimensions", "provenance"),
}


def public_subject(about: str):
    """The published record `about` names, None for "" (the exhibition); NotFound otherwise."""
    about = (about or "").strip()
    if not about:
        return None
    kind, _, pk = about.partition(":")
    model = KINDS.get(kind)
    if model is None or not pk.isdigit():
        raise NotFound(about)
    # Asked as an anonymous visitor: a draft is not something to contribute to, even from a
    # curator's preview.
    subject = visible(model.objects, None).filter(pk=int(pk)).first()
    if subject is None:
        raise NotFound(about)
    return subject


def about_of(subject) -> str:
    if subject is None:
        return ""
    kind = next(name for name, model in KINDS.items() if isinstance(subject, model))
    return f"{kind}:{subject.pk}"


def fact_choices(subject) -> list[tuple[str, str]]:
    """(field name, its label in the active language) of the facts a family may correct."""
    if subject is None:
        return []
    model = type(subject)
    return [(name, capfirst(model._meta.get_field(name).verbose_name))
            for name in CORRECTABLE_FACTS[model]]


def subject_type_of(subject):
    return ContentType.objects.get_for_model(subject) if subject is not None else None


def title_of(subject):
    """How the subject's page titles it, in the active language."""
    return subject.display_name() if isinstance(subject, Person) else translated(subject, "title")
