from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_not_blank(value: str) -> None:
    """Refuse text that is empty once spaces and invisible characters are removed."""
    visible = "".join(ch for ch in (value or "") if ch.isprintable() and not ch.isspace())
    if not visible:
        raise ValidationError(_("This text is empty: write at least one letter."), code="blank")
