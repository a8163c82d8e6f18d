"""/sitemap.xml: every published page in every language, with hreflang alternates.

An index of one sitemap per kind of page (Django pages each at 50,000 addresses, so an archive of
a million people stays within the protocol's limits). What is listed is what an anonymous visitor
may see: the same visibility rule as the pages themselves.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from memoria.archive.models import Event, Item, Person, Place, Unit
from memoria.core.visibility import visible
from memoria.exhibitions.models import Exhibition, Section
from memoria.sources.models import Source


class _Localized(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PagesSitemap(_Localized):
    """The home page, the lists, the map and the timeline."""

    changefreq = "weekly"

    def items(self):
        return ["home", "exhibitions", "items", "people", "places", "events", "units", "map", "timeline"]

    def location(self, name):
        return reverse(f"public:{name}")


class RecordSitemap(_Localized):
    model = None

    def items(self):
        return visible(self.model.objects.all(), None).order_by("pk").only("pk", "updated_at")

    def lastmod(self, record):
        return record.updated_at


class SectionSitemap(RecordSitemap):
    model = Section

    def items(self):
        return (visible(Section.objects.all(), None).select_related("exhibition").order_by("pk")
                .only("pk", "slug", "updated_at", "exhibition__slug"))


def _for(model_class):
    return type(f"{model_class.__name__}Sitemap", (RecordSitemap,), {"model": model_class})


class ExhibitionSitemap(RecordSitemap):
    model = Exhibition

    def items(self):
        return visible(Exhibition.objects.all(), None).order_by("pk").only("pk", "slug", "updated_at")


SITEMAPS = {
    "pages": PagesSitemap,
    "exhibitions": ExhibitionSitemap,
    "sections": SectionSitemap,
    "items": _for(Item),
    "people": _for(Person),
    "places": _for(Place),
    "events": _for(Event),
    "units": _for(Unit),
    "sources": _for(Source),
}
