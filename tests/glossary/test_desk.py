"""The editors' desk in the admin: the term form and list, previews before saving, the desk on the
admin index, the suggestion queue, and the house rules for every content admin."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.core import mail
from django.db import models
from django.urls import reverse
from django.utils import timezone

from glossary.desk import desk_for
from glossary.models import Suggestion, Term, TermLabel
from tests.admin_forms import inline_management
from tests.factories import SuggestionFactory, TermFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:glossary_term_add")
CHANGELIST_URL = reverse("admin:glossary_term_changelist")
PREVIEW_NEW_URL = reverse("admin:glossary_term_preview_new")
QUEUE_URL = reverse("admin:glossary_suggestion_changelist")
INDEX_URL = reverse("admin:index")


def term_form(**fields):
    data = {
        "name": "Kitting",
        "slug": "kitting",
        "status": "draft",
        "definition": "",
        "link_scope": "anywhere",
    }
    data["auto_link"] = "on"
    for prefix in ("labels", "senses", "sources"):
        data.update(inline_management(prefix))
    return {**data, **fields}


def later(**delta):
    return timezone.now() + timezone.timedelta(**delta)


# The term form and list


def test_the_term_form_opens_with_name_definition_and_the_publishing_panel(publisher_client):
    html = publisher_client.get(ADD_URL).content.decode()
    order = [
        html.index(f'name="{name}"') for name in ("name", "definition", "status", "published_at_0", "slug")
    ]
    assert order == sorted(order)
    assert "Draft: not on the site" in html
    assert html.count('name="_save"') == 2  # Save at the top as well as the bottom
    assert re.search(r'class="time-zone"[^>]*>UTC</span>', html)


def test_the_publishing_panel_says_what_will_happen(publisher_client, settings):
    settings.TIME_ZONE = "UTC"
    scheduled = TermFactory(published_at=timezone.make_aware(timezone.datetime(2099, 12, 12, 9, 0)))
    live = TermFactory(published_at=timezone.make_aware(timezone.datetime(2026, 1, 2, 8, 30)))
    form = publisher_client.get(reverse("admin:glossary_term_change", args=[scheduled.pk])).content.decode()
    assert "Goes live on 12 Dec 2099 at 09:00 UTC" in form
    form = publisher_client.get(reverse("admin:glossary_term_change", args=[live.pk])).content.decode()
    assert "Live since 02 Jan 2026 at 08:30 UTC" in form


def test_the_slug_help_text_reads_as_words(publisher_client):
    html = publisher_client.get(ADD_URL).content.decode()
    assert "/terms//." not in html and "/terms/backflush/" in html


@pytest.mark.parametrize(
    ("fields", "label"),
    [
        ({"status": Term.Status.DRAFT, "published_at": None}, "Draft"),
        ({"status": Term.Status.REVIEW, "published_at": None}, "In review"),
        ({"published_at": later(days=3)}, "Scheduled for "),
        ({}, "Live"),
    ],
)
def test_the_list_shows_each_terms_real_state(editor_client, fields, label):
    TermFactory(name="Kanban", **fields)
    html = editor_client.get(CHANGELIST_URL).content.decode()
    assert f'<td class="field-state">{label}' in html


def test_a_deprecated_term_points_to_its_replacement_in_the_list(editor_client):
    TermFactory(name="Old name", status=Term.Status.DEPRECATED, replaced_by=TermFactory(name="New name"))
    assert "Deprecated → New name" in editor_client.get(CHANGELIST_URL).content.decode()


def test_the_state_filter_finds_scheduled_terms_only(editor_client):
    TermFactory(name="Soon", published_at=later(hours=2))
    TermFactory(name="Already")
    TermFactory(name="Unwritten", status=Term.Status.DRAFT, published_at=None)
    page = editor_client.get(CHANGELIST_URL, {"state": "scheduled"})
    assert [term.name for term in page.context["cl"].result_list] == ["Soon"]


def test_my_drafts_are_the_drafts_i_worked_on(editor_client, editor, publisher):
    editor_client.post(ADD_URL, term_form(name="Mine", slug="mine"))
    TermFactory(name="Theirs", status=Term.Status.DRAFT, published_at=None)
    page = editor_client.get(CHANGELIST_URL, {"state": "draft", "worked_on": "me"})
    assert [term.name for term in page.context["cl"].result_list] == ["Mine"]


def test_each_term_in_the_list_has_a_preview_link(editor_client):
    term = TermFactory(status=Term.Status.DRAFT, published_at=None)
    assert (
        reverse("admin:glossary_term_preview", args=[term.pk])
        in editor_client.get(CHANGELIST_URL).content.decode()
    )


# Preview before saving


def test_an_unsaved_draft_previews_as_its_public_page_with_cross_links_and_nothing_is_kept(editor_client):
    TermFactory(name="Bill of material", slug="bill-of-material")
    data = term_form(
        definition="Gathering the parts of an order into a kit.",
        explanation="Pick the parts of the bill of material into one kit.",
        **{"labels-TOTAL_FORMS": "1", "labels-0-label": "Kit picking", "labels-0-kind": "synonym"},
    )
    data["labels-0-auto_link"] = "on"
    response = editor_client.post(PREVIEW_NEW_URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview: not published." in page and "<h1" in page and "Kitting" in page
    assert 'href="/terms/bill-of-material/"' in page  # cross-linked as it will be
    assert "Kit picking" in page
    assert not Term.objects.filter(name="Kitting").exists()
    assert not TermLabel.objects.filter(label="Kit picking").exists()


def test_previewing_changes_to_a_saved_term_keeps_the_saved_version(editor_client):
    term = TermFactory(name="Kanban", slug="kanban", status=Term.Status.DRAFT, published_at=None)
    data = term_form(name="Kanban", slug="kanban", definition="A changed definition.")
    page = editor_client.post(reverse("admin:glossary_term_preview", args=[term.pk]), data).content.decode()
    assert "A changed definition." in page
    term.refresh_from_db()
    assert term.definition != "A changed definition."


def test_a_preview_of_an_invalid_form_says_what_to_correct(editor_client):
    TermFactory(name="Kitting")
    response = editor_client.post(PREVIEW_NEW_URL, term_form(slug="kitting-2"))
    assert response.status_code == 400
    assert "A term with this name already exists" in response.content.decode()


def test_sales_cannot_preview(sales_client):
    assert sales_client.post(PREVIEW_NEW_URL, term_form()).status_code == 403


# The desk on the admin index


def test_the_desk_counts_what_waits_and_links_to_the_filtered_lists(editor_client):
    editor_client.post(ADD_URL, term_form(name="Mine", slug="mine"))
    TermFactory(name="Waiting", status=Term.Status.REVIEW, published_at=None)
    TermFactory(name="Soon", published_at=later(days=1))
    SuggestionFactory()
    SuggestionFactory(status=Suggestion.Status.DECLINED)
    page = editor_client.get(INDEX_URL)
    desk = desk_for(page.wsgi_request.user)
    html = page.content.decode()
    assert 'id="editor-desk"' in html
    assert f"{CHANGELIST_URL}?state=draft&amp;worked_on=me" in html
    assert f"{CHANGELIST_URL}?state=review" in html
    assert f"{CHANGELIST_URL}?state=scheduled" in html
    assert f"{QUEUE_URL}?status__exact=new" in html
    assert reverse("admin:glossary_term_quality") in html
    assert "Soon</a>: Scheduled for " in html
    assert (desk.my_drafts, desk.in_review, desk.scheduled_count, desk.suggestions_waiting) == (1, 1, 1, 1)


def test_sales_see_no_editors_desk(sales_client):
    assert 'id="editor-desk"' not in sales_client.get(INDEX_URL).content.decode()


# The suggestion queue


def test_editors_accept_from_the_queue_and_the_reader_is_told(
    editor_client, django_capture_on_commit_callbacks
):
    suggestion = SuggestionFactory(kind=Suggestion.Kind.NEW_TERM, term=None, term_name="Kitting")
    assert editor_client.get(QUEUE_URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            QUEUE_URL, {"action": "accept", "_selected_action": [suggestion.pk]}, follow=True
        )
    assert "1 suggestion(s) accepted." in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted" and suggestion.term.status == Term.Status.DRAFT
    assert len(mail.outbox) == 1


def test_a_decided_suggestion_is_not_decided_again(editor_client, django_capture_on_commit_callbacks):
    suggestion = SuggestionFactory(status=Suggestion.Status.DECLINED)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            QUEUE_URL, {"action": "accept", "_selected_action": [suggestion.pk]}, follow=True
        )
    assert "1 already decided" in response.content.decode()
    assert mail.outbox == []


def test_choosing_a_status_on_the_form_decides(editor_client, editor, django_capture_on_commit_callbacks):
    suggestion = SuggestionFactory()
    url = reverse("admin:glossary_suggestion_change", args=[suggestion.pk])
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            url, {"term": suggestion.term_id, "email": suggestion.email, "status": "duplicate"}
        )
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == ("duplicate", editor)
    assert "Someone made the same suggestion" in mail.outbox[0].body


def test_sales_never_see_suggestions(sales_client):
    SuggestionFactory()
    assert sales_client.get(QUEUE_URL).status_code == 403
    assert "Suggestions" not in sales_client.get(INDEX_URL).content.decode()


def test_readers_add_suggestions_editors_do_not(editor_client):
    assert editor_client.get(reverse("admin:glossary_suggestion_add")).status_code == 403


# House rules for every content admin


CONTENT_APPS = ["glossary", "courses"]


def content_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in CONTENT_APPS
    ]


@pytest.mark.parametrize(
    ("model", "model_admin"), content_admins(), ids=lambda value: getattr(value, "__name__", "")
)
def test_every_content_admin_has_filters_search_and_autocomplete_for_relations(model, model_admin):
    assert model_admin.list_filter, f"{model.__name__} admin has no list filters"
    assert model_admin.search_fields, f"{model.__name__} admin has no search"
    relations = [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, (models.ForeignKey, models.ManyToManyField)) and field.editable
    ]
    missing = set(relations) - set(model_admin.autocomplete_fields)
    assert not missing, f"{model.__name__} admin: relations without autocomplete: {missing}"


def editable_fields(model):
    return [
        field
        for field in model._meta.get_fields()
        if getattr(field, "editable", False)
        and not field.auto_created
        and field.concrete
        or field.many_to_many
    ]


@pytest.mark.parametrize(
    "model",
    [
        model
        for label in CONTENT_APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    ],
    ids=lambda model: model.__name__,
)
def test_every_content_field_has_a_label_and_help_text(model):
    missing = [
        field.name
        for field in editable_fields(model)
        if not field.auto_created
        and (not str(field.help_text).strip() or not str(field.verbose_name).strip())
    ]
    assert missing == [], f"{model.__name__}: fields without help text: {missing}"
