from django.conf import settings


def site(request):
    return {"SITE_NAME": settings.MEMORIA_SITE_NAME, "LANGUAGES": settings.LANGUAGES}
