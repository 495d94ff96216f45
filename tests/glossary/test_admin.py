import pytest
from django.urls import reverse

from glossary.models import Term
from tests.admin_forms import inline_management
from tests.factories import TermFactory, TermLabelFactory, TopicFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:glossary_term_add")
CHANGELIST_URL = reverse("admin:glossary_term_changelist")


def term_form(**fields):
    data = {
        "name": "Kanban",
        "slug": "kanban",
        "status": "draft",
        "definition": "",
        "auto_link": "on",
        "link_scope": "anywhere",
    }
    for prefix in ("labels", "senses", "sources"):
        data.update(inline_management(prefix))
    data.update(fields)
    return data


def change_form(term, **fields):
    """The change form of `term` as its page shows it, with `fields` changed."""
    current = {
        "name": term.name,
        "slug": term.slug,
        "status": term.status,
        "definition": term.definition,
        "explanation": term.explanation,
    }
    return term_form(**{**current, **fields})


def change_url(term):
    return reverse("admin:glossary_term_change", args=[term.pk])


def test_editor_creates_a_draft_with_labels_topics_and_related(editor_client):
    topic = TopicFactory(name="Quality")
    related = TermFactory(name="Just-in-time")
    data = term_form(
        definition="A signal card.",
        topics=[topic.pk],
        related=[related.pk],
        **inline_management("labels", total=1),
        **{"labels-0-label": "Signal card", "labels-0-kind": "synonym"},
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].errors
    term = Term.objects.get(slug="kanban")
    assert term.status == Term.Status.DRAFT
    assert [label.label for label in term.labels.all()] == ["Signal card"]
    assert list(related.related.all()) == [term]


def test_editor_without_publish_permission_cannot_choose_published(editor_client):
    response = editor_client.post(ADD_URL, term_form(status="published", definition="A signal card."))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Term.objects.exists()


def test_editor_does_not_see_publish_actions(editor_client):
    TermFactory()
    html = editor_client.get(CHANGELIST_URL).content.decode()
    assert 'value="publish"' not in html


def test_publishing_without_definition_shows_a_clear_error(publisher_client):
    response = publisher_client.post(ADD_URL, term_form(status="published"))
    assert "A short definition is required to publish a term." in response.content.decode()


def test_label_that_clashes_with_another_term_shows_a_clear_error(publisher_client):
    TermFactory(name="Safety stock")
    data = term_form(
        definition="x", **inline_management("labels", total=1), **{"labels-0-label": "SAFETY STOCK"}
    )
    html = publisher_client.post(ADD_URL, data).content.decode()
    assert "is already the name of another term" in html


def test_duplicate_label_shows_a_clear_error(publisher_client):
    TermLabelFactory(label="Signal card")
    data = term_form(
        definition="x", **inline_management("labels", total=1), **{"labels-0-label": "signal CARD"}
    )
    html = publisher_client.post(ADD_URL, data).content.decode()
    assert "Another term already uses this label (ignoring case)." in html


def test_publish_action_publishes_and_reports_terms_without_definition(publisher_client):
    ready = TermFactory(name="Ready", status=Term.Status.DRAFT, published_at=None)
    empty = TermFactory(name="Empty", status=Term.Status.DRAFT, definition="")
    response = publisher_client.post(
        CHANGELIST_URL, {"action": "publish", "_selected_action": [ready.pk, empty.pk]}, follow=True
    )
    ready.refresh_from_db()
    empty.refresh_from_db()
    assert ready.status == Term.Status.PUBLISHED and ready.published_at is not None
    assert empty.status == Term.Status.DRAFT
    assert "Empty" in response.content.decode()


def test_unpublish_action_returns_terms_to_draft(publisher_client):
    term = TermFactory()
    publisher_client.post(CHANGELIST_URL, {"action": "unpublish", "_selected_action": [term.pk]})
    term.refresh_from_db()
    assert term.status == Term.Status.DRAFT


def test_changelist_search_and_filters(editor_client):
    topic = TopicFactory(name="Inventory")
    stock = TermFactory(name="Safety stock", topics=[topic])
    TermLabelFactory(term=stock, label="Buffer stock")
    TermFactory(name="Kanban", status=Term.Status.DRAFT)
    assert list(editor_client.get(CHANGELIST_URL, {"q": "buffer"}).context["cl"].result_list) == [stock]
    drafts = editor_client.get(CHANGELIST_URL, {"status__exact": "draft"}).context["cl"].result_list
    assert [term.name for term in drafts] == ["Kanban"]
    by_letter = editor_client.get(CHANGELIST_URL, {"letter": "S"}).context["cl"].result_list
    assert list(by_letter) == [stock]


def test_related_autocomplete_answers_editors(editor_client):
    TermFactory(name="Kanban")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "kan", "app_label": "glossary", "model_name": "term", "field_name": "related"},
    )
    assert [result["text"] for result in response.json()["results"]] == ["Kanban"]


def test_topic_admin_lists_topics(editor_client):
    TopicFactory(name="Warehousing")
    assert "Warehousing" in editor_client.get(reverse("admin:glossary_topic_changelist")).content.decode()


def test_publisher_switches_automatic_links_off_for_one_term(publisher_client):
    TermFactory(name="Safety stock")
    term = TermFactory(name="Reorder point", explanation="Demand in lead time plus safety stock.")
    assert "term-link" in Term.objects.get(pk=term.pk).explanation_html
    data = change_form(term, status="published", published_at_0="2026-01-01", published_at_1="00:00:00")
    del data["auto_link"]
    response = publisher_client.post(change_url(term), data)
    assert response.status_code == 302, response.context["adminform"].errors
    term.refresh_from_db()
    assert not term.auto_link
    assert "term-link" not in term.explanation_html and not term.links_to.exists()
