"""Visitors write plain text: no markup is interpreted anywhere (templates escape it), and the
characters that could hide or disguise text are removed before it is stored."""

import unicodedata

# Bidirectional embeddings, overrides and isolates: they can make a text read differently from
# what it says (a curator would approve one thing and publish another).
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_KEEP = {"\n", "\t"}


def plain_text(value: str) -> str:
    """NFC, line ends as \\n, without control characters (bar newline and tab) or bidi controls."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(
        ch for ch in value
        if ch in _KEEP or (unicodedata.category(ch) != "Cc" and ch not in _BIDI_CONTROLS)
    ).strip()
