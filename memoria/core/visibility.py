"""Who sees what: the one rule, declared once per kind of record.

Visitors see a record only when it is published and so is every record it
depends on: a section needs its exhibition, a membership its person and its
unit, a file every record it belongs to. Back-office users (staff) preview
everything (the site marks it "unpublished").

Each domain declares its kinds' rules in its own `visibility.py`
(`archive`, `sources`, `exhibitions`), loaded by its AppConfig. Every surface
— pages, search, API, OAI-PMH, IIIF, JSON-LD, map, QR links, labels — asks
through the three functions below; no other module filters on
`is_published`. The same declaration gives the database filter (`rule_q`) and
the check of an already loaded object (`is_public`), so the two cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Rule:
    """What a visitor may see of one kind of record.

    published: the record has its own `is_published` flag, which must be on;
    requires:  relations (field names) whose record must be visible by its own rule;
    optional:  relations that may be empty, and otherwise must be visible.
    """

    published: bool = True
    requires: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()


_RULES: dict[type, Rule] = {}


def declare(model, rule: Rule = Rule()) -> None:
    """Declare the rule of `model` (called by each domain's visibility module)."""
    _RULES[model] = rule


def _rule(model) -> Rule:
    model = model._meta.concrete_model
    try:
        return _RULES[model]
    except KeyError:
        raise LookupError(f"No visibility rule for {model._meta.label}: declare one in its domain's "
                          "visibility.py") from None


def can_preview(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


def rule_q(model, prefix: str = "") -> Q:
    """The rule of `model` as a filter; `prefix` ("item__") applies it along a relation."""
    rule = _rule(model)
    condition = Q(**{f"{prefix}is_published": True}) if rule.published else Q()
    for name in rule.requires:
        condition &= rule_q(model._meta.get_field(name).related_model, f"{prefix}{name}__")
    for name in rule.optional:
        related = model._meta.get_field(name).related_model
        condition &= Q(**{f"{prefix}{name}__isnull": True}) | rule_q(related, f"{prefix}{name}__")
    return condition


def visible(queryset, user):
    """What of `queryset` (or a manager) this user may see on the public site.

    Always a QuerySet, for previewers too, so that callers may hand it to Prefetch.
    """
    if can_preview(user):
        return queryset.all()
    return queryset.filter(rule_q(queryset.model))


def hidden(queryset):
    """What of `queryset` a visitor may not see (the back office warns about it; OAI counts drafts).

    A record with only its own flag is asked as `is_published IN (false)`: SQLite seeks the
    flag's index for that, where "NOT is_published" scans it (OAI-PMH at a million records).
    """
    if _rule(queryset.model) == Rule():
        return queryset.filter(is_published__in=[False])
    return queryset.exclude(rule_q(queryset.model))


def flag_column(model) -> str:
    """The column that alone decides whether a visitor sees a record of `model`, for the search
    backends' own SQL; only kinds whose rule is their own flag have one."""
    if _rule(model) != Rule():
        raise LookupError(f"{model._meta.label} is not visible by its own flag alone")
    return model._meta.get_field("is_published").column


def is_public(obj) -> bool:
    """Whether a visitor may see this loaded object (its relations are read as needed)."""
    if obj is None:
        return False
    rule = _rule(type(obj))
    if rule.published and not obj.is_published:
        return False
    if not all(is_public(getattr(obj, name)) for name in rule.requires):
        return False
    return all(getattr(obj, name) is None or is_public(getattr(obj, name)) for name in rule.optional)


def is_visible(obj, user) -> bool:
    """Whether `user` may see this loaded object."""
    return obj is not None and (can_preview(user) or is_public(obj))
