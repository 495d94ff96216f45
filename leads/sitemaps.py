"""/sitemap.xml entries for the quote requests: the quote form, a landing page of its own."""

from django.utils.functional import cached_property

from base.sitemaps import NamedPagesSitemap
from courses.models import Programme


class QuotePagesSitemap(NamedPagesSitemap):
    """The quote form, while there is a program to quote (the thank-you pages and PDFs are private)."""

    priority = 0.7

    def items(self):
        return ["leads:quote"] if self.programme else []

    @cached_property  # the sitemap view makes one instance per request
    def programme(self):
        return Programme.objects.current()

    def lastmod(self, name):
        return self.programme.updated_at
