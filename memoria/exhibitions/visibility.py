"""What visitors see of exhibitions (the rule itself: memoria.core.visibility).

- an exhibition: when published;
- a section: when it and its exhibition are published;
- an entry: when its section is visible and the item or person it shows is
  visible (an entry of an unpublished item is left out, not shown empty).
"""

from memoria.core.visibility import Rule, declare
from memoria.exhibitions.models import Entry, Exhibition, Section

declare(Exhibition, Rule())
declare(Section, Rule(requires=("exhibition",)))
declare(Entry, Rule(published=False, requires=("section",), optional=("item", "person")))
