"""People, with every spelling of their names; `q` finds a name however it was spelled."""

from django.db.models import Case, Prefetch, When
from ninja import Field

from memoria.api.crud import Filters, FilterText, record_router
from memoria.api.media_files import add_owner_routes
from memoria.api.inputs import PersonIn
from memoria.api.schemas import PersonOut
from memoria.archive.models import Media, Person
from memoria.archive.selectors import merged_survivor
from memoria.core.visibility import visible
from memoria.names.matching import MAX_CANDIDATES
from memoria.search.people import MAX_QUERY_LENGTH, find_people


class PeopleFilters(Filters):
    q: FilterText | None = Field(None, description=(
        "A name in any spelling or script; best matches first. Only the people the name search "
        "holds for matches (names.is_confident): the public page lists the less alike apart."))

    def narrow(self, queryset, user):
        if not self.q:
            return queryset
        # The name search's ranking, best first; it already hides unpublished people from visitors.
        ranked = [match.person.pk for match in find_people(self.q[:MAX_QUERY_LENGTH], user,
                                                           limit=MAX_CANDIDATES) if match.confident]
        order = Case(*(When(pk=pk, then=rank) for rank, pk in enumerate(ranked)))
        return queryset.filter(pk__in=ranked).order_by(order) if ranked else queryset.none()


def people(user):
    return Person.objects.select_related("birth_place", "death_place").prefetch_related(
        "name_variants", Prefetch("media", queryset=visible(Media.objects.order_by("position", "pk"), user))
    )


router = record_router(model=Person, name="people", out=PersonOut, payload=PersonIn,
                       filters=PeopleFilters, queryset=people, moved=merged_survivor)
add_owner_routes(router, Person, "people")
