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
    path("terms/<slug:slug>/card/", views.term_card, name="term_card"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("suggest/", views.suggest_term, name="suggest_term"),
    path("suggest/thanks/", views.suggestion_thanks, name="suggestion_thanks"),
    path("suggest/terms/<slug:slug>/", views.suggest_correction, name="suggest_correction"),
    path("search/", views.search, name="search"),
    path("search/suggest/", views.suggest, name="suggest"),
    path("feeds/terms/", LatestTermsFeed(), name="term_feed"),
    path("feeds/term-of-the-day/", TermOfTheDayFeed(), name="term_of_the_day_feed"),
]
