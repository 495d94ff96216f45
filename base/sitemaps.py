"""What every app's /sitemap.xml entries share: the canonical host, and pages listed by URL name."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class SiteSitemap(Sitemap):
    """Addresses on SITE_URL (the canonical host), whatever host the request came on."""

    protocol = urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class NamedPagesSitemap(SiteSitemap):
    """Pages without a model of their own, listed by URL name."""

    def location(self, name):
        return reverse(name)
