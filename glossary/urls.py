from django.urls import path

from . import views
from .feeds import LatestTermsFeed

app_name = "glossary"

urlpatterns = [
    path("", views.home, name="home"),
    path("terms/", views.TermListView.as_view(), name="term_list"),
    path("terms/<slug:slug>/", views.term_detail, name="term_detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("search/", views.search, name="search"),
    path("search/suggest/", views.suggest, name="suggest"),
    path("feeds/terms/", LatestTermsFeed(), name="term_feed"),
]
