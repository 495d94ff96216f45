from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("ciop/", views.programme_detail, name="programme"),
    path("ciop/syllabus.pdf", views.syllabus_pdf, name="syllabus"),
    path("ciop/modules/<slug:slug>/", views.module_detail, name="module_detail"),
    path("ciop/modules/<slug:slug>/self-test/", views.module_self_test, name="module_self_test"),
    path("ciop/faculty/", views.faculty_list, name="faculty_list"),
    path("ciop/faculty/<slug:slug>/", views.faculty_detail, name="faculty_detail"),
    path("videos/", views.video_list, name="videos"),
]
