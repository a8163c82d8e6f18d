"""API tokens: a curator's program acts as the curator, with the curator's rights."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TOKEN_BYTES = 32


def hash_token(secret: str) -> str:
    """SHA-256 of the secret: a stolen database does not give working tokens.

    A salted slow hash is not needed: the secret is 256 random bits, not a
    password a person chose.
    """
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenManager(models.Manager):
    def issue(self, user, name: str = "") -> tuple["ApiToken", str]:
        """Create a token; the secret is returned once and never stored."""
        secret = secrets.token_urlsafe(TOKEN_BYTES)
        token = self.create(user=user, name=name, key_hash=hash_token(secret), prefix=secret[:6])
        return token, secret


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens",
                             verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100, blank=True,
                            help_text=_("What the token is for, e.g. “import script”."))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("first characters"), max_length=6, editable=False,
                              help_text=_("Tells tokens apart without revealing them."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    objects = ApiTokenManager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} · {self.prefix}… {self.name}".strip()
