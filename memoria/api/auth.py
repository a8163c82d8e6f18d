"""Bearer tokens, and who may read or write what.

Reads are open to anyone (published records only); a valid token of a
back-office user also shows unpublished records, as the site's preview does.
A token that is sent but wrong is refused even on reads: a client that
believes it is authenticated must not silently get the anonymous view.
Writes need a token whose user holds Django's model permission
(add/change/delete) — the curator and administrator groups and superusers do
(memoria.core.roles); reviewers only have view permissions. The domain
actions check it (memoria.core.services.require_permission).
"""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from ninja.security import HttpBearer

from memoria.api.models import ApiToken, hash_token

#: Skip the last_used write when the token was used this recently.
LAST_USED_RESOLUTION = timezone.timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the request's user becomes the token's user."""

    def authenticate(self, request, token):
        if not token:
            return None
        found = ApiToken.objects.select_related("user").filter(key_hash=hash_token(token)).first()
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        # simple_history records the token's user as the author of each change.
        request.user = found.user
        return found.user


def anonymous(request):
    """Tried after TokenAuth: no Authorization header = a visitor; a bad one stays a 401."""
    if request.headers.get("Authorization"):
        return None
    request.user = AnonymousUser()
    return request.user


token_auth = TokenAuth()
#: Operation options for reads: a token if one is sent, else the anonymous visitor;
#: the `{}` beside TokenAuth tells OpenAPI clients that no authentication is fine too.
PUBLIC = {"auth": [token_auth, anonymous], "openapi_extra": {"security": [{}]}}

