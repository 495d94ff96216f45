"""Readers' suggestions: the public forms, their spam traps, and what an editor's decision does."""

import secrets
import time

import pytest
from django.core import mail
from django.urls import reverse

from glossary.forms import SUGGESTION_FORM
from glossary.models import Suggestion, Term
from tests.factories import SuggestionFactory, TermFactory

pytestmark = pytest.mark.django_db

NEW_TERM_URL = reverse("glossary:suggest_term")


def correction_url(term):
    return reverse("glossary:suggest_correction", args=[term.slug])


def stamp(client, seconds_ago=60):
    """The start stamp the form issues to this client, with its key cookie."""
    if SUGGESTION_FORM.cookie_name not in client.cookies:
        client.cookies[SUGGESTION_FORM.cookie_name] = secrets.token_urlsafe(16)
    key = client.cookies[SUGGESTION_FORM.cookie_name].value
    return SUGGESTION_FORM.started_stamp(key, started=time.time() - seconds_ago)


def suggestion_data(client, **overrides):
    data = {
        "term_name": "Backflush costing",
        "what": "Costing that deducts components when the finished item is reported.",
        "why": "Used in every ERP I know.",
        "source": "",
        "email": "",
        "website": "",
        "started": stamp(client),
    }
    return {**data, **overrides}


@pytest.fixture
def backflush():
    return TermFactory(name="Backflush", slug="backflush")


def test_every_term_page_offers_a_correction_form(client, backflush):
    page = client.get(backflush.get_absolute_url()).content.decode()
    assert f'href="{correction_url(backflush)}"' in page
    form = client.get(correction_url(backflush))
    assert form.status_code == 200
    assert "Suggest a correction to Backflush" in form.content.decode()
    assert form["Cache-Control"].startswith("max-age=0")


def test_view_all_offers_the_new_term_form(client, backflush):
    assert f'href="{NEW_TERM_URL}"' in client.get(reverse("glossary:term_list")).content.decode()
    assert "Suggest a term" in client.get(NEW_TERM_URL).content.decode()


def test_the_key_cookie_goes_to_the_suggestion_forms_only(client):
    cookie = client.get(NEW_TERM_URL).cookies[SUGGESTION_FORM.cookie_name]
    assert cookie["path"] == "/suggest/" and cookie["httponly"]


def test_a_correction_lands_in_the_queue_linked_to_its_term(client, backflush):
    data = suggestion_data(client, what="Say “after production”.", email="Reader@Example.com")
    response = client.post(correction_url(backflush), data)
    assert response.status_code == 302 and response["Location"] == reverse("glossary:suggestion_thanks")
    suggestion = Suggestion.objects.get()
    assert (suggestion.kind, suggestion.term, suggestion.status) == ("correction", backflush, "new")
    assert suggestion.term_name == "" and suggestion.email == "Reader@Example.com"
    assert mail.outbox == []  # nothing is sent until an editor decides


def test_a_new_term_suggestion_needs_a_name_and_says_so(client):
    response = client.post(NEW_TERM_URL, suggestion_data(client, term_name=""))
    assert response.status_code == 400
    assert "Please give the term&#x27;s name." in response.content.decode()
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("what", "", "Please tell us what you suggest."),
        ("why", "", "Please tell us why, so that an editor can check it."),
        ("email", "not-an-address", "Enter a valid email address."),
        ("what", "x" * 2001, "Ensure this value has at most 2000 characters"),
        ("why", "bell\x07", "Please remove the invisible control characters"),
    ],
)
def test_bad_input_answers_400_with_the_reason(client, field, value, message):
    response = client.post(NEW_TERM_URL, suggestion_data(client, **{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Suggestion.objects.exists()


def test_a_filled_honeypot_is_refused_politely(client):
    response = client.post(NEW_TERM_URL, suggestion_data(client, website="http://spam.example"))
    assert response.status_code == 400
    assert "We could not accept this request" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_a_form_sent_too_fast_is_refused_and_kept(client):
    response = client.post(NEW_TERM_URL, suggestion_data(client, started=stamp(client, seconds_ago=0)))
    assert response.status_code == 400
    page = response.content.decode()
    assert "quicker than we expected" in page and "Backflush costing" in page
    assert not Suggestion.objects.exists()


def test_a_stamp_from_another_browser_is_refused(client):
    data = suggestion_data(client)
    client.cookies[SUGGESTION_FORM.cookie_name] = secrets.token_urlsafe(16)
    response = client.post(NEW_TERM_URL, data)
    assert response.status_code == 400
    assert "opened in another browser" in response.content.decode()


def test_saved_suggestions_are_rate_limited_per_address(client, settings):
    settings.SUGGESTIONS_RATE_LIMIT = (2, 600)
    for number in range(2):
        assert (
            client.post(NEW_TERM_URL, suggestion_data(client, term_name=f"Term {number}")).status_code == 302
        )
    response = client.post(NEW_TERM_URL, suggestion_data(client, term_name="One too many"))
    assert response.status_code == 429
    assert "Please try again in 10 minutes" in response.content.decode()
    assert Suggestion.objects.count() == 2


def test_the_quote_form_and_the_suggestion_forms_count_apart(client, settings):
    settings.SUGGESTIONS_RATE_LIMIT = (1, 600)
    assert client.post(NEW_TERM_URL, suggestion_data(client)).status_code == 302
    assert SUGGESTION_FORM.count_key("saved", "127.0.0.1") == "suggestions:saved:127.0.0.1"


def test_unpublished_and_unknown_terms_have_no_correction_form(client):
    draft = TermFactory(status=Term.Status.DRAFT, published_at=None)
    assert client.get(correction_url(draft)).status_code == 404
    assert client.get(reverse("glossary:suggest_correction", args=["no-such-term"])).status_code == 404


def test_other_methods_and_content_types_are_refused(client):
    assert client.put(NEW_TERM_URL).status_code == 405
    response = client.post(NEW_TERM_URL, "{}", content_type="application/json")
    assert response.status_code == 415
    assert "send the suggestion form from our web page" in response.content.decode()


# The editors' decision


def test_accepting_a_new_term_creates_a_draft_with_its_text(editor):
    suggestion = SuggestionFactory(kind=Suggestion.Kind.NEW_TERM, term=None, term_name="Kitting")
    suggestion.decide(Suggestion.Status.ACCEPTED, editor)
    draft = Term.objects.get(name="Kitting")
    assert draft.status == Term.Status.DRAFT and draft.definition == suggestion.what
    suggestion.refresh_from_db()
    assert suggestion.term == draft and suggestion.decided_by == editor and suggestion.decided_at


def test_a_new_term_named_like_an_existing_one_gets_a_numbered_draft(editor):
    TermFactory(name="Kitting", slug="kitting")
    suggestion = SuggestionFactory(kind=Suggestion.Kind.NEW_TERM, term=None, term_name="kitting")
    suggestion.decide(Suggestion.Status.ACCEPTED, editor)
    assert suggestion.term.name == "kitting (2)" and suggestion.term.slug == "kitting-2"


def test_the_reader_gets_one_plain_reply_that_repeats_nothing_they_wrote(
    editor, django_capture_on_commit_callbacks
):
    suggestion = SuggestionFactory(what="Visit http://spam.example now", editor_note="Thanks, fixed.")
    with django_capture_on_commit_callbacks(execute=True):
        suggestion.decide(Suggestion.Status.ACCEPTED, editor)
    assert len(mail.outbox) == 1
    reply = mail.outbox[0]
    assert reply.to == ["reader@example.com"]
    assert suggestion.term.name in reply.body and "accepted" in reply.body and "Thanks, fixed." in reply.body
    assert "spam.example" not in reply.body
    suggestion.refresh_from_db()
    assert suggestion.reply_sent_at is not None
    from glossary.tasks import send_suggestion_reply

    send_suggestion_reply.call(suggestion.pk)  # run again: still one reply
    assert len(mail.outbox) == 1


def test_no_email_no_reply(editor, django_capture_on_commit_callbacks):
    suggestion = SuggestionFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        suggestion.decide(Suggestion.Status.DECLINED, editor)
    assert mail.outbox == []


def test_the_reply_waits_for_the_worker(editor, database_tasks, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    suggestion = SuggestionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        suggestion.decide(Suggestion.Status.DECLINED, editor)
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(task_path="glossary.tasks.send_suggestion_reply").count() == 1


def test_the_privacy_page_says_what_a_suggestion_keeps(client):
    html = client.get(reverse("leads:privacy")).content.decode()
    assert "When you suggest a term or a correction" in html and "use it for nothing else" in html
