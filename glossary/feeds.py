"""Atom feeds: new and updated terms (/feeds/terms/) and the term of the day (/feeds/term-of-the-day/)."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils import timezone
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


DAYS_IN_FEED = 14


class TermOfTheDayFeed(Feed):
    """One entry a day, the same term the home page shows that day, for the last two weeks."""

    feed_type = Atom1Feed
    title = "TermiKnowledge: term of the day"
    link = reverse_lazy("glossary:home")
    subtitle = "One supply chain term a day, with its short definition."

    def items(self):
        today = timezone.localdate()
        dates = [today - timezone.timedelta(days=back) for back in range(DAYS_IN_FEED)]
        return Term.objects.published().terms_of_the_days(dates)

    def item_title(self, item):
        date, term = item
        return f"{date:%B} {date.day}: {term.name}"

    def item_description(self, item):
        return item[1].definition

    def item_link(self, item):
        return item[1].get_absolute_url()

    def item_guid(self, item):
        date, term = item
        return f"{term.get_absolute_url()}#term-of-the-day-{date.isoformat()}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item[0], time.min))
