"""Preview, the publish permission on every path, scheduled publishing, history and revert."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from glossary.models import Term
from tests.factories import ModuleFactory, ProgrammeFactory, TermFactory, TopicFactory

from .test_admin import CHANGELIST_URL, change_form, change_url

pytestmark = pytest.mark.django_db


def preview_url(term):
    return reverse("admin:glossary_term_preview", args=[term.pk])


# Preview


def test_editor_previews_a_draft_as_the_site_will_show_it(editor_client):
    draft = TermFactory(name="Kanban", status=Term.Status.DRAFT, explanation="A **pull** signal.")
    draft.related.add(TermFactory(name="Pull system"))
    response = editor_client.get(preview_url(draft))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview: not published" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "<strong>pull</strong>" in html and "<h1" in html
    assert "Related terms" in html and "Pull system" in html
    assert [t.name for t in response.templates][0] == "glossary/term_detail.html"


def test_change_page_links_to_the_preview(editor_client):
    draft = TermFactory(status=Term.Status.DRAFT)
    assert preview_url(draft) in editor_client.get(change_url(draft)).content.decode()


def test_public_cannot_see_a_draft_or_its_preview(client, sales_user):
    draft = TermFactory(slug="secret", status=Term.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    anonymous = client.get(preview_url(draft))
    assert anonymous.status_code == 302 and reverse("admin:login") in anonymous["Location"]
    client.force_login(User.objects.create_user("reader", password="pw-for-tests"))
    assert client.get(preview_url(draft)).status_code == 302  # not staff: back to the admin log-in
    client.force_login(sales_user)
    assert client.get(preview_url(draft)).status_code == 403


def test_published_page_has_no_preview_banner(client):
    term = TermFactory()
    assert "Preview: not published" not in client.get(term.get_absolute_url()).content.decode()


# Publishing needs publish_term on every path


def test_editor_cannot_publish_with_the_action(editor_client):
    draft = TermFactory(status=Term.Status.DRAFT)
    editor_client.post(CHANGELIST_URL, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Term.Status.DRAFT


def test_editor_cannot_unpublish_with_the_action(editor_client):
    term = TermFactory()
    editor_client.post(CHANGELIST_URL, {"action": "unpublish", "_selected_action": [term.pk]})
    term.refresh_from_db()
    assert term.status == Term.Status.PUBLISHED


def test_editor_edits_a_published_term_without_changing_its_status(editor_client):
    term = TermFactory(definition="Old.")
    response = editor_client.post(change_url(term), change_form(term, definition="New.", status="draft"))
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.definition == "New." and term.status == Term.Status.PUBLISHED


def test_editor_cannot_publish_a_draft_from_the_change_form(editor_client):
    draft = TermFactory(status=Term.Status.DRAFT, published_at=None)
    response = editor_client.post(change_url(draft), change_form(draft, status="published"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Term.Status.DRAFT and not Term.objects.published().exists()


def test_editor_cannot_add_a_published_term(editor_client):
    data = change_form(TermFactory.build(name="New term", slug="new-term"), status="published")
    editor_client.post(reverse("admin:glossary_term_add"), data)
    assert not Term.objects.filter(name="New term", status=Term.Status.PUBLISHED).exists()


def test_publisher_publishes_from_the_change_form(publisher_client):
    draft = TermFactory(status=Term.Status.DRAFT, published_at=None)
    publisher_client.post(change_url(draft), change_form(draft, status="published"))
    draft.refresh_from_db()
    assert draft.status == Term.Status.PUBLISHED and draft.published_at is not None


def publisher_session(publisher):
    session = Client()
    session.force_login(publisher)
    return session


def test_editor_reverting_to_a_published_version_keeps_the_term_unpublished(editor_client, publisher):
    term = TermFactory(definition="Published words.")
    publisher_session(publisher).post(CHANGELIST_URL, {"action": "unpublish", "_selected_action": [term.pk]})
    published_version = term.history.filter(status=Term.Status.PUBLISHED).earliest()
    url = reverse("admin:glossary_term_simple_history", args=[term.pk, published_version.history_id])
    response = editor_client.post(url, change_form(term, definition="Published words."), follow=True)
    term.refresh_from_db()
    assert term.status == Term.Status.DRAFT
    assert "publishing and unpublishing need the Publishers group" in response.content.decode()


# Deleting a term on the site takes it off the site: it needs publish_term too


def delete_url(term):
    return reverse("admin:glossary_term_delete", args=[term.pk])


def test_editor_cannot_delete_a_published_term(editor_client):
    term = TermFactory()
    assert editor_client.post(delete_url(term), {"post": "yes"}).status_code == 403
    assert Term.objects.published().filter(pk=term.pk).exists()
    assert delete_url(term) not in editor_client.get(change_url(term)).content.decode()


def test_editor_cannot_bulk_delete_a_selection_with_a_published_term(editor_client):
    public, draft = TermFactory(), TermFactory(status=Term.Status.DRAFT)
    data = {"action": "delete_selected", "_selected_action": [public.pk, draft.pk], "post": "yes"}
    assert editor_client.post(CHANGELIST_URL, data).status_code == 403
    assert Term.objects.count() == 2 and Term.objects.published().filter(pk=public.pk).exists()


def test_editor_deletes_a_draft(editor_client):
    draft = TermFactory(status=Term.Status.DRAFT)
    assert editor_client.post(delete_url(draft), {"post": "yes"}).status_code == 302
    data = {"action": "delete_selected", "_selected_action": [TermFactory(status=Term.Status.REVIEW).pk]}
    assert editor_client.post(CHANGELIST_URL, {**data, "post": "yes"}).status_code == 302
    assert not Term.objects.exists()


def test_publisher_deletes_published_terms(publisher_client):
    single, first, second = TermFactory(), TermFactory(), TermFactory()
    assert publisher_client.post(delete_url(single), {"post": "yes"}).status_code == 302
    data = {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"}
    assert publisher_client.post(CHANGELIST_URL, data).status_code == 302
    assert not Term.objects.exists()


# Scheduled publishing


def test_a_scheduled_term_appears_on_its_own_at_its_publish_date(client, monkeypatch):
    start = timezone.now()
    term = TermFactory(
        name="Cycle stock", slug="cycle-stock", published_at=start + timezone.timedelta(hours=2)
    )
    assert client.get(term.get_absolute_url()).status_code == 404
    assert "Cycle stock" not in client.get(reverse("glossary:term_list")).content.decode()

    monkeypatch.setattr(timezone, "now", lambda: start + timezone.timedelta(hours=2, seconds=1))
    assert client.get(term.get_absolute_url()).status_code == 200
    assert "Cycle stock" in client.get(reverse("glossary:term_list")).content.decode()


def test_changelist_explains_scheduled_terms(editor_client):
    TermFactory(published_at=timezone.now() + timezone.timedelta(days=3))
    html = editor_client.get(CHANGELIST_URL).content.decode()
    assert "Scheduled for " in html
    term = Term.objects.get()
    form = editor_client.get(change_url(term)).content.decode()
    assert "appears on the site by itself" in form
    assert "Goes live on " in form


# History and revert


def test_history_shows_who_changed_which_field(publisher_client, publisher):
    term = TermFactory(definition="First words.")
    publisher_client.post(change_url(term), change_form(term, definition="Second words."))
    response = publisher_client.get(reverse("admin:glossary_term_history", args=[term.pk]))
    html = response.content.decode()
    assert publisher.username in html
    assert "definition" in html.lower() and "First words." in html and "Second words." in html


def test_publisher_reverts_a_term_to_an_earlier_version(publisher_client):
    term = TermFactory(definition="First words.")
    publisher_client.post(change_url(term), change_form(term, definition="Second words."))
    first = term.history.earliest()
    url = reverse("admin:glossary_term_simple_history", args=[term.pk, first.history_id])
    form = publisher_client.get(url)
    assert form.status_code == 200 and "First words." in form.content.decode()
    publisher_client.post(url, change_form(term, definition="First words."))
    term.refresh_from_db()
    assert term.definition == "First words."
    assert term.history.count() == 3


@pytest.mark.parametrize(
    "model_admin", ["glossary_topic", "courses_module", "courses_facultymember", "courses_programme"]
)
def test_other_content_has_history_pages(editor_client, model_admin):
    from courses.models import FacultyMember, Module, Programme

    programme = Programme.objects.create(name="CIOP", code="CIOP", summary="Summary.")
    objects = {
        "glossary_topic": TopicFactory(),
        "courses_module": Module.objects.create(
            programme=programme, number=1, title="M", slug="m", summary="S."
        ),
        "courses_facultymember": FacultyMember.objects.create(
            name="A", slug="a", headline="H", biography="B"
        ),
        "courses_programme": programme,
    }
    response = editor_client.get(reverse(f"admin:{model_admin}_history", args=[objects[model_admin].pk]))
    assert response.status_code == 200
    assert objects[model_admin].history.exists()


def test_editors_may_view_history_records(editor):
    assert editor.has_perm("glossary.view_historicalterm")
    assert editor.has_perm("courses.view_historicalmodule")


def test_editor_reverts_a_topic_and_a_module(editor_client):
    topic = TopicFactory(name="Inventory", description="First words.")
    module = ModuleFactory(summary="First summary.")
    topic.description = "Second words."
    topic.save()
    module.summary = "Second summary."
    module.save()
    topic_version = topic.history.earliest()
    url = reverse("admin:glossary_topic_simple_history", args=[topic.pk, topic_version.history_id])
    assert "First words." in editor_client.get(url).content.decode()
    data = {"name": "Inventory", "slug": topic.slug, "description": "First words.", "display_order": 0}
    assert editor_client.post(url, data).status_code == 302
    topic.refresh_from_db()
    assert topic.description == "First words."
    module_version = module.history.earliest()
    url = reverse("admin:courses_module_simple_history", args=[module.pk, module_version.history_id])
    form = editor_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(programme=module.programme_id, key_terms=[])
    assert editor_client.post(url, data).status_code == 302
    module.refresh_from_db()
    assert module.summary == "First summary." and module.history.count() == 3


def test_history_of_a_programme_shows_the_changed_field(editor_client):
    programme = ProgrammeFactory(description="It covers **everything**.")
    programme.description = "It covers *most* things."
    programme.save()
    html = editor_client.get(reverse("admin:courses_programme_history", args=[programme.pk])).content.decode()
    assert "It covers **everything**." in html and "It covers *most* things." in html
