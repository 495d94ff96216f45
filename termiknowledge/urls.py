from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from base.health import healthz
from courses import sitemaps as course_sitemaps
from glossary import sitemaps as glossary_sitemaps
from leads import sitemaps as lead_sitemaps

handler500 = "base.errors.server_error"

SITEMAPS = {
    "pages": glossary_sitemaps.GlossaryPagesSitemap,
    "terms": glossary_sitemaps.TermSitemap,
    "topics": glossary_sitemaps.TopicSitemap,
    "programme": course_sitemaps.ProgrammeSitemap,
    "modules": course_sitemaps.ModuleSitemap,
    "self-tests": course_sitemaps.ModuleSelfTestSitemap,
    "faculty": course_sitemaps.FacultySitemap,
    "course-pages": course_sitemaps.CoursePagesSitemap,
    "quote": lead_sitemaps.QuotePagesSitemap,
}

admin.site.site_header = "TermiKnowledge administration"
admin.site.site_title = "TermiKnowledge admin"
admin.site.index_title = "Glossary, CIOP program and quote requests"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("glossary.urls")),
    path("", include("courses.urls")),
    path("", include("leads.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
