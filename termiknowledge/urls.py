from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from termiknowledge.health import healthz

admin.site.site_header = "TermiKnowledge administration"
admin.site.site_title = "TermiKnowledge admin"
admin.site.index_title = "Glossary, CIOP programme and quote requests"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("glossary.urls")),
    path("", include("courses.urls")),
    path("", include("leads.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
