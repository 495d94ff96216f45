"""/sitemap.xml entries for the CIOP program: the program, its modules, faculty and videos."""

from datetime import UTC, datetime, time

from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property

from base.sitemaps import NamedPagesSitemap, SiteSitemap

from .models import FacultyMember, Module, Programme, Video


def programme_updated():
    return Programme.objects.aggregate(latest=Max("updated_at"))["latest"]


class ProgrammeSitemap(SiteSitemap):
    priority = 0.8

    def items(self):
        programme = Programme.objects.current()
        return [programme] if programme else []

    def lastmod(self, programme):
        return programme.updated_at


class ModuleSitemap(SiteSitemap):
    def items(self):
        return Module.objects.select_related("programme").in_order()

    def lastmod(self, module):
        return module.programme.updated_at


class ModuleSelfTestSitemap(ModuleSitemap):
    priority = 0.4

    def location(self, module):
        return reverse("courses:module_self_test", args=[module.slug])


class FacultySitemap(SiteSitemap):
    def items(self):
        return FacultyMember.objects.active()

    @cached_property  # the sitemap view makes one instance per request: one query, not one a member
    def programme_updated(self):
        return programme_updated()

    def lastmod(self, member):
        return self.programme_updated


class CoursePagesSitemap(NamedPagesSitemap):
    def items(self):
        return ["courses:faculty_list", "courses:videos"]

    def lastmod(self, name):
        if name == "courses:videos":
            latest = Video.objects.published().aggregate(latest=Max("published_on"))["latest"]
            return latest and datetime.combine(latest, time.min, tzinfo=UTC)
        return programme_updated()
