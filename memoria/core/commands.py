"""The system checks memoria's commands run before they start.

Django runs every check before a command by default, and the URL checks load the URLconf: every
view, the API (django-ninja and its schemas) and, through the admin's check, every admin module —
seconds that a command reading or writing records never uses. memoria's commands other than
`memoria serve` run the checks of these tags instead; `memoria check` and `memoria serve` run all.
Checks registered without a tag (the OAI-PMH admin e-mail's, axes' settings) go with the URL ones:
they guard serving.
"""

from django.core.checks import Tags

CHECKS_WITHOUT_URLS = [
    Tags.async_support, Tags.caches, Tags.compatibility, Tags.database, Tags.files, Tags.models,
    Tags.security, Tags.signals, Tags.sites, Tags.staticfiles, Tags.templates, Tags.translation,
]
