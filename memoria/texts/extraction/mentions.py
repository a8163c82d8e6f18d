"""A mention: one kind of thing named at one place of the text, with what the text says of it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Mention:
    kind: str          # people, places, units, objects, dates (or titles, which only hide others)
    start: int         # code-point offsets into the text, end exclusive
    end: int
    text: str
    source: str = "rule"   # "model", "rule" or "gazetteer": which found it (for overlaps)
    attrs: dict = field(default_factory=dict)

    def overlaps(self, other: Mention) -> bool:
        return self.start < other.end and other.start < self.end

    @property
    def length(self) -> int:
        return self.end - self.start


def drop_overlaps(mentions: list[Mention], priority) -> list[Mention]:
    """Keep, of mentions that overlap, the one `priority` ranks highest (a sort key, larger wins)."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=priority, reverse=True):
        if not any(mention.overlaps(k) for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.end))
