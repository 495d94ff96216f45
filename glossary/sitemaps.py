"""/sitemap.xml entries for the glossary: public terms, topics and the static pages."""

from django.db.models import Max
from django.utils.functional import cached_property

from base.sitemaps import NamedPagesSitemap, SiteSitemap

from .models import Term, Topic


class TermSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Term.objects.published().order_by("slug").only("slug", "updated_at")

    def lastmod(self, term):
        return term.updated_at


class TopicSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        latest = Max("terms__updated_at")
        return (
            Topic.objects.filter(terms__in=Term.objects.published()).annotate(lastmod=latest).order_by("slug")
        )

    def lastmod(self, topic):
        return topic.lastmod


class GlossaryPagesSitemap(NamedPagesSitemap):
    changefreq = "daily"

    def items(self):
        return ["glossary:home", "glossary:term_list"]

    @cached_property  # the sitemap view makes one instance per request
    def latest_update(self):
        return Term.objects.published().aggregate(latest=Max("updated_at"))["latest"]

    def lastmod(self, name):
        return self.latest_update
