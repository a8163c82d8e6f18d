"""What visitors see of sources and citations (the rule itself: memoria.core.visibility).

- a source: when published;
- a citation: when its source is visible. The record it cites is checked by
  whoever shows the citation (it is on that record's page, or
  `citation_visible` below), since a generic relation cannot be joined.
"""

from memoria.core.visibility import Rule, can_preview, declare, visible
from memoria.sources.models import Citation, Source

declare(Source, Rule())
declare(Citation, Rule(published=False, requires=("source",)))


def citation_visible(citation: Citation, user) -> bool:
    """Its source and the record it cites are both visible to `user`."""
    if can_preview(user):
        return True
    model = citation.content_type.model_class()
    if model is None or not citation.source.is_published:
        return False
    try:
        return visible(model.objects.filter(pk=citation.object_id), user).exists()
    except LookupError:  # a kind of record that has no rule is never shown to visitors
        return False
