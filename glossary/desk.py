"""The editor's desk on the admin index: what waits for an editor, each a count that opens the
filtered list."""

from dataclasses import dataclass

from django.core.cache import cache

from pagecache.version import current_version

from .models import Suggestion, Term
from .quality import quality_report

SCHEDULED_SHOWN = 5


@dataclass
class Desk:
    my_drafts: int
    in_review: int
    scheduled: list  # the next SCHEDULED_SHOWN scheduled terms, soonest first
    scheduled_count: int
    quality_findings: int
    suggestions_waiting: int

    @property
    def more_scheduled(self):
        return self.scheduled_count - len(self.scheduled)


def desk_for(user):
    scheduled = Term.objects.scheduled().order_by("published_at")
    return Desk(
        my_drafts=Term.objects.in_state(Term.State.DRAFT).worked_on_by(user).count(),
        in_review=Term.objects.in_state(Term.State.REVIEW).count(),
        scheduled=list(scheduled.only("pk", "name", "status", "published_at")[:SCHEDULED_SHOWN]),
        scheduled_count=scheduled.count(),
        quality_findings=quality_findings(),
        suggestions_waiting=Suggestion.objects.waiting().count(),
    )


def quality_findings():
    """How many lines the quality dashboard lists; computed once per content version (it reads the
    whole glossary, about half a second on the demo content)."""
    key = f"glossary:quality-findings:{current_version()}"
    return cache.get_or_set(key, lambda: sum(len(check.shown) for check in quality_report()), timeout=3600)
