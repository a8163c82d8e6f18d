"""Start-up checks of the interop settings, run by `memoria serve`, `check` and `migrate`.

A harvester validating Identify against OAI-PMH.xsd rejects the whole repository when
adminEmail does not match the schema's pattern, so a wrong MEMORIA_ADMIN_EMAIL is refused
at start rather than discovered by the aggregator.
"""

import re

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

# OAI-PMH.xsd, emailType (XSD patterns match the whole value).
OAI_EMAIL = re.compile(r"\S+@(\S+\.)+\S+")


@register()
def admin_email(app_configs, **kwargs):
    value = settings.MEMORIA_ADMIN_EMAIL
    try:
        validate_email(value)
    except ValidationError:
        valid = False
    else:
        valid = bool(OAI_EMAIL.fullmatch(value))
    if valid:
        return []
    return [Error(
        f"MEMORIA_ADMIN_EMAIL is {value!r}, which is not an e-mail address of the form "
        "name@domain.tld that OAI-PMH requires for Identify's adminEmail.",
        hint="Set the environment variable MEMORIA_ADMIN_EMAIL to the archive's contact address, "
             "e.g. archive@museum.example.org, or unset it for the placeholder "
             "not-configured@memoria.invalid.",
        id="interop.E001",
    )]
