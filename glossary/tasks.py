"""Glossary work that runs in the background worker (`manage.py db_worker`, README "Background
tasks"): relinking every term, an import, and a scheduled term going live."""

from django.utils import timezone
from django_tasks import task

from .derived import refresh_all, refresh_terms
from .models import PUBLIC_STATUSES, Term


@task()
def relink_all_terms():
    refresh_all()


@task()
def term_goes_live(term_id):
    """At a scheduled term's publish time: the explanations that mention it now link to it. A
    term moved to a later time has been queued again for that time, and is left alone here."""
    if Term.objects.published().filter(pk=term_id).exists():
        refresh_terms([term_id])


def schedule_going_live(term_ids):
    """Queue `term_goes_live` for each of these terms that is scheduled for a future moment."""
    backend = term_goes_live.get_backend()
    if not backend.supports_defer:  # the immediate backend: nothing can wait for later
        return
    scheduled = Term.objects.filter(
        pk__in=term_ids, status__in=PUBLIC_STATUSES, published_at__gt=timezone.now()
    )
    for term_id, published_at in scheduled.values_list("pk", "published_at"):
        term_goes_live.using(run_after=published_at).enqueue(term_id)
