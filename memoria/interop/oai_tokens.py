"""Resumption tokens: the state of a harvest, kept by the harvester, not by us.

A token holds the original arguments, the key of the last record sent, how
many were sent (cursor) and the list size counted on the first page. Nothing
is stored on the server, so tokens never expire; they are signed, so a token
that was altered or made up is refused as badResumptionToken instead of
being trusted. (A new SECRET_KEY makes old tokens bad: harvesters restart.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core import signing

from memoria.interop.oai_args import OAIError
from memoria.interop.oai_listing import Key

_SALT = "memoria.interop.oai.resumption"


@dataclass(frozen=True)
class Resumption:
    verb: str
    args: dict[str, str]  # metadataPrefix, set, from, until as the harvester first sent them
    after: Key
    cursor: int           # records sent before the page this token asks for
    total: int            # completeListSize


def encode(state: Resumption) -> str:
    key = state.after
    return signing.dumps(
        [state.verb, state.args, key.datestamp.isoformat(), key.rank, key.pk, state.cursor, state.total],
        salt=_SALT, compress=True,
    )


def decode(token: str, verb: str) -> Resumption:
    try:
        token_verb, args, stamp, rank, pk, cursor, total = signing.loads(token, salt=_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise OAIError("badResumptionToken", "The resumption token is invalid.") from None
    if token_verb != verb:
        raise OAIError("badResumptionToken", f"This resumption token belongs to {token_verb}, not {verb}.")
    return Resumption(verb, args, Key(datetime.fromisoformat(stamp), rank, pk), cursor, total)
