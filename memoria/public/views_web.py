"""The conventions of the open web at the site's root: robots.txt, favicon.ico, sitemap.xml."""

from django.contrib.sitemaps import views as sitemap_views
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from memoria.labels.shortlinks import public_base_url
from memoria.public.sitemaps import SITEMAPS


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Crawlers may read the public site; not the back office, the kiosk, or endless search pages."""
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /*/kiosk/", "Disallow: /*/search/",
             "Allow: /", "", f"Sitemap: {public_base_url(request)}{reverse('sitemap')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    return HttpResponsePermanentRedirect(staticfiles_storage.url("memoria/favicon.ico"))


@require_safe
def sitemap_index(request):
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap-section")


@require_safe
def sitemap_section(request, section):
    return sitemap_views.sitemap(request, SITEMAPS, section=section)
