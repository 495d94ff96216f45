from django.urls import path

from . import views
from .feeds import LatestTermsFeed, TermOfTheDayFeed

app_name = "glossary"

urlpatterns = [
    path("", views.home, name="home"),
    path("terms/", views.TermListView.as_view(), name="term_list"),
    path("terms/export.csv", views.export_csv, name="export_csv"),
    path("terms/export.json", views.export_json, name="export_json"),
    path("terms/export.jsonld", views.export_jsonld, name="export_jsonld"),
    path("terms/<slug:slug>/", views.term_detail, name="term_detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("search/", views.search, name="search"),
    path("search/suggest/", views.suggest, name="suggest"),
    path("feeds/terms/", LatestTermsFeed(), name="term_feed"),
    path("feeds/term-of-the-day/", TermOfTheDayFeed(), name="term_of_the_day_feed"),
]
