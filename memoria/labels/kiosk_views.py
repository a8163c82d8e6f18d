"""The kiosk's attract screen, /<lang>/kiosk/attract/: where kiosk.js goes after the idle time."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from memoria.labels import kiosk
from memoria.labels.kiosk_attract import attract_screen


def touch_to_begin() -> list[tuple[str, str]]:
    """The invitation in every language of the site, all shown at once: the next visitor reads
    whichever is theirs, whatever language the kiosk was started in."""
    words = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words.append((code, gettext("Touch the screen to begin")))
    return words


@require_safe
def attract(request):
    lang = kiosk.kiosk_language(request)
    if not lang:  # not a kiosk: nothing to attract anyone to
        return redirect("public:home")
    if lang != translation.get_language():  # the screen speaks the kiosk's language
        return redirect(kiosk.attract_url(lang))
    return render(request, "labels/kiosk_attract.html", {
        "screen": attract_screen(request.user),
        "touch_to_begin": touch_to_begin(),
        "home": kiosk.home_url(lang),
    })
