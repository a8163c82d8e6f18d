"""What visitors see of the archive (the rule itself: memoria.core.visibility).

- people, items, places, events and units: when published. A person merged into another
  (`Person.merged_into`) is unpublished by the merge and a database constraint keeps it so:
  the flag alone stays the rule, as the search backends' own SQL reads it (flag_column);
- a spelling: when its person is visible;
- a file (Media): when every record it belongs to is visible — a photograph
  attached to a published item and an unpublished person stays hidden;
  an original is offered for download only when `allow_download` is set
  (archive.media_access);
- a relation (membership, participation, item–person/event/place, event–place):
  when every record it links is visible, so that a published page never
  names or links an unpublished record.
"""

from memoria.archive import models as m
from memoria.core.visibility import Rule, declare

for model in (m.Person, m.Item, m.Place, m.Event, m.Unit):
    declare(model, Rule())
declare(m.NameVariant, Rule(published=False, requires=("person",)))
declare(m.Media, Rule(published=False, optional=("item", "person")))
declare(m.Membership, Rule(published=False, requires=("person", "unit")))
declare(m.Participation, Rule(published=False, requires=("event",), optional=("person", "unit")))
declare(m.ItemPerson, Rule(published=False, requires=("item", "person")))
declare(m.ItemEvent, Rule(published=False, requires=("item", "event")))
declare(m.ItemPlace, Rule(published=False, requires=("item", "place")))
declare(m.Event.places.through, Rule(published=False, requires=("event", "place")))
