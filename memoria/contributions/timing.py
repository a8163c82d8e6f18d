"""The minimum fill time: the form carries the moment it was shown, signed so that a robot cannot
claim it read the form for a minute; a person takes longer than MEMORIA_CONTRIBUTION_MIN_SECONDS."""

import time

from django.core import signing

SALT = "memoria.contributions.form-shown"
# A form older than this is stale (the signature stays valid, the page should be reloaded).
MAX_AGE_SECONDS = 24 * 3600


def form_shown_stamp(now: float | None = None) -> str:
    return signing.dumps(now if now is not None else time.time(), salt=SALT)


# What a missing, forged or stale stamp reads as: shown long ago, so the form counts as stale.
STALE = 0.0


def shown_at(stamp: str) -> float:
    """When the form was shown (Unix time), or STALE."""
    try:
        value = signing.loads(stamp or "", salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return STALE
    return float(value) if isinstance(value, (int, float)) else STALE


def is_stale(started_at: float, now: float) -> bool:
    return now - started_at > MAX_AGE_SECONDS
