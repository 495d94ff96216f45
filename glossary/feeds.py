"""An Atom feed of new and updated terms: /feeds/terms/."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from .models import Term

FEED_SIZE = 30


class LatestTermsFeed(Feed):
    feed_type = Atom1Feed
    title = "TermiKnowledge: new and updated terms"
    link = reverse_lazy("glossary:term_list")
    subtitle = "Supply chain, procurement and inventory terms, newest changes first."

    def items(self):
        return Term.objects.published().order_by("-updated_at")[:FEED_SIZE]

    def item_title(self, term):
        return term.name

    def item_description(self, term):
        return term.definition

    def item_pubdate(self, term):
        return term.published_at

    def item_updateddate(self, term):
        return term.updated_at
