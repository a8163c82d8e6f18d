"""Who sees what: visitors see published records only; back-office users preview everything."""


def can_preview(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


def visible(queryset, user, prefix: str = ""):
    """Filter a queryset (or a manager) to what this user may see on the public site.

    Always a QuerySet, for previewers too, so that callers may hand it to Prefetch.
    """
    if can_preview(user):
        return queryset.all()
    return queryset.filter(**{f"{prefix}is_published": True})
