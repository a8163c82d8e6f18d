"""POST /api/extract: what a text names — people, places, units, objects, dates — each with its
character spans and the archive's record it matches; nothing is saved (memoria.texts.services)."""

from typing import Annotated, Literal

from ninja import Field, Router, Schema

from memoria.api.auth import token_auth
from memoria.api.crud import errors
from memoria.api.inputs import StrictIn
from memoria.texts.language import LANGUAGES
from memoria.texts.services import read_proposals

#: About 30,000 words: the most one request reads (a longer text is a source to split).
MAX_TEXT = 200_000

router = Router(tags=["texts"])

Span = Annotated[list[int], Field(min_length=2, max_length=2,
                                  description="[start, end): Unicode code points into the text, end exclusive.")]


class ExtractIn(StrictIn):
    text: str = Field(..., min_length=1, max_length=MAX_TEXT)
    language: Literal[LANGUAGES] | None = Field(None, description="Omitted or null: recognised from the text.")


class MatchOut(Schema):
    id: int
    score: float
    reasons: list[str] = Field(default_factory=list)


class MentionOut(Schema):
    name: str
    spans: list[Span]
    match: MatchOut | None = Field(None, description="The archive's record it is, or null: a new one.")


class PersonMentionOut(MentionOut):
    given_name: str | None = None
    patronymic: str | None = None
    surname: str | None = None
    initials: str | None = None
    rank: str | None = None
    role: str | None = None


class ObjectMentionOut(MentionOut):
    kind: str | None = Field(None, description="The kind of item: object, document, photograph, publication…")


class DateOut(Schema):
    value: str = Field(description="EDTF, keeping the text's vagueness: 1943-08, 1944~.")
    spans: list[Span]


class ExtractOut(Schema):
    language: Literal[LANGUAGES]
    people: list[PersonMentionOut]
    places: list[MentionOut]
    units: list[MentionOut]
    objects: list[ObjectMentionOut]
    dates: list[DateOut]


@router.post("/extract", response={200: ExtractOut, **errors(400, 401, 403, 422)}, auth=token_auth,
             operation_id="texts_extract", summary="What a text names, linked to the archive; saves nothing")
def extract_text(request, body: ExtractIn):
    return read_proposals(body.text, body.language, request.auth)
