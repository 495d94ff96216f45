"""Glossary work that runs in the background worker (`manage.py db_worker`, README "Background
tasks"): relinking every term, or the many texts that mention a renamed term, an import, a
scheduled term going live, and the reply to a reader whose suggestion was decided."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from base.links import absolute

from . import listing
from .derived import refresh_all, refresh_terms, relink_mentions_of
from .models import PUBLIC_STATUSES, Suggestion, Term


@task()
def relink_all_terms():
    refresh_all()


@task()
def relink_mentions(renamed_ids, stale_keys):
    """The many texts that mention terms renamed, published or unpublished in one change."""
    relink_mentions_of(renamed_ids, stale_keys)


@task()
def refresh_listings():
    """The A-Z lists counted and paged again after names, publication or topics changed."""
    listing.refresh()


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


@task()
def send_suggestion_reply(suggestion_id):
    """The one reply to a reader whose suggestion was decided. Claimed before sending, so a task
    run twice sends once; a failure gives the claim back and fails the task (the worker logs it)."""
    waiting = Suggestion.objects.filter(pk=suggestion_id, reply_sent_at=None).exclude(email="")
    if not waiting.exclude(status=Suggestion.Status.NEW).update(reply_sent_at=timezone.now()):
        return  # already replied, erased, or not decided
    suggestion = Suggestion.objects.select_related("term").get(pk=suggestion_id)
    try:
        send_mail(
            "Your suggestion to the TermiKnowledge glossary", reply_text(suggestion), None, [suggestion.email]
        )
    except Exception:
        Suggestion.objects.filter(pk=suggestion_id).update(reply_sent_at=None)
        raise


def reply_text(suggestion):
    """Anyone may type any address into the form, so the reply repeats nothing the reader wrote:
    only the name of a published term, and the editor's note."""
    term = suggestion.term
    context = {
        "suggestion": suggestion,
        "term_name": term.name if term is not None and term.is_public else "",
        "term_url": absolute(term.get_absolute_url()) if term is not None and term.is_public else "",
    }
    return render_to_string("glossary/email/suggestion_reply.txt", context)
