"""The short item addresses (/i/…) and the kiosk switch. Thin: the rules live in
shortlinks.py and kiosk.py."""

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from memoria.labels import kiosk
from memoria.labels.shortlinks import UnknownInventoryNumber, find_item, nearest_items


@require_safe
def short_link(request, inventory_number):
    item = find_item(inventory_number, request.user)
    if item is None:
        raise UnknownInventoryNumber(inventory_number, nearest_items(inventory_number, request.user))
    lang = translation.get_language_from_request(request, check_path=False)
    with translation.override(lang):
        target = reverse("public:item", args=[item.pk])
    response = HttpResponseRedirect(target)
    # The target depends on the visitor's language: caches must not share it across them.
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


@require_safe
def kiosk_start(request):
    lang = translation.get_language()
    kiosk.start(request, lang)
    return HttpResponseRedirect(kiosk.home_url(lang))


@require_safe
def kiosk_exit(request):
    kiosk.stop(request)
    return HttpResponseRedirect(kiosk.home_url(translation.get_language()))
