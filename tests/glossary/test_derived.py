"""One pipeline for what terms derive: every path refreshes links, search and the page cache once."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from glossary import linking
from glossary.derived import bulk_changes, refresh_terms
from glossary.models import Term
from pagecache import signals as pagecache_signals
from tests.admin_forms import inline_management
from tests.factories import TermFactory, TermLabelFactory, TopicFactory

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:glossary_term_changelist")


@pytest.fixture
def matcher_builds(monkeypatch):
    """How many times a cross-link matcher is built (of every name, or of the names a few terms'
    texts may hold)."""
    builds = []
    build = linking.build_matcher

    def counted(term_ids=None):
        builds.append(term_ids)
        return build(term_ids)

    monkeypatch.setattr(linking, "build_matcher", counted)
    return builds


@pytest.fixture
def version_bumps(monkeypatch):
    bumps = []
    monkeypatch.setattr(pagecache_signals, "bump_version", lambda **kwargs: bumps.append(1))
    return bumps


def html_of(term):
    return Term.objects.get(pk=term.pk).explanation_html


def test_a_bulk_block_refreshes_once_at_its_end_with_one_page_cache_bump(matcher_builds, version_bumps):
    topic = TopicFactory()
    version_bumps.clear()
    with bulk_changes():
        TermFactory(name="Safety stock", topics=[topic])
        mentioning = TermFactory(name="Reorder point", explanation="Lead time demand plus safety stock.")
        TermLabelFactory(term=mentioning, label="ROP")
        assert "term-link" not in html_of(mentioning)  # not yet: the refresh waits for the end
        assert not matcher_builds and not version_bumps
    assert 'href="/terms/safety-stock/"' in html_of(mentioning)
    assert len(matcher_builds) == 1 and len(version_bumps) == 1
    assert Term.objects.search("rop")[0] == mentioning


def test_an_error_inside_a_bulk_block_refreshes_nothing(matcher_builds):
    with pytest.raises(RuntimeError), bulk_changes():
        TermFactory(name="Kanban", explanation="Pull.")
        raise RuntimeError("stop")
    assert not matcher_builds


def test_the_publish_action_builds_the_matcher_once_for_all_selected_terms(publisher_client, matcher_builds):
    TermFactory(name="Buffer", explanation="Safety stock and cycle stock.")
    drafts = [
        TermFactory(name=name, status=Term.Status.DRAFT, published_at=None, explanation=f"About {name}.")
        for name in ["Safety stock", "Cycle stock", "Pipeline stock"]
    ]
    matcher_builds.clear()
    publisher_client.post(
        CHANGELIST_URL, {"action": "publish", "_selected_action": [term.pk for term in drafts]}
    )
    assert len(matcher_builds) == 1
    html = html_of(Term.objects.get(name="Buffer"))
    assert 'href="/terms/safety-stock/"' in html and 'href="/terms/cycle-stock/"' in html


def test_an_admin_save_with_labels_and_topics_builds_the_matcher_once(publisher_client, matcher_builds):
    TermFactory(name="Reorder point", explanation="Add the buffer stock.")
    topic = TopicFactory()
    data = {
        "name": "Safety stock",
        "slug": "safety-stock",
        "status": "published",
        "definition": "Extra stock.",
        "explanation": "Set per item.",
        "auto_link": "on",
        "link_scope": "anywhere",
        "topics": [topic.pk],
        **inline_management("labels", 1),
        "labels-0-label": "Buffer stock",
        "labels-0-kind": "synonym",
        "labels-0-auto_link": "on",
        **inline_management("senses"),
        **inline_management("sources"),
    }
    matcher_builds.clear()
    response = publisher_client.post(reverse("admin:glossary_term_add"), data)
    assert response.status_code == 302
    assert len(matcher_builds) == 1
    assert 'href="/terms/safety-stock/">buffer stock</a>' in html_of(Term.objects.get(name="Reorder point"))


def test_deleting_a_term_unlinks_the_explanations_that_mentioned_it():
    target = TermFactory(name="Safety stock")
    mentioning = TermFactory(name="Reorder point", explanation="Plus safety stock.")
    assert "term-link" in html_of(mentioning)
    target_pk = target.pk
    target.delete()
    assert "term-link" not in html_of(mentioning)
    assert target_pk not in [term.pk for term in Term.objects.search("safety stock")]


def test_refresh_terms_links_mentions_of_terms_changed_without_signals():
    TermFactory(name="Kanban", status=Term.Status.DRAFT)
    mentioning = TermFactory(name="Pull system", explanation="A kanban loop.")
    kanban = Term.objects.filter(name="Kanban")
    kanban.update(status=Term.Status.PUBLISHED)
    assert "term-link" not in html_of(mentioning)
    refresh_terms(kanban.values_list("pk", flat=True))
    assert 'href="/terms/kanban/"' in html_of(mentioning)


def test_relink_terms_command_refreshes_links_and_search(version_bumps):
    TermFactory(name="Safety stock")
    mentioning = TermFactory(name="Reorder point", explanation="Plus safety stock.")
    Term.objects.update(explanation_html="stale", search_names="")
    version_bumps.clear()
    call_command("relink_terms")
    assert 'href="/terms/safety-stock/"' in html_of(mentioning)
    assert Term.objects.search("reorder point")[0] == mentioning
    assert len(version_bumps) == 1


def test_a_new_terms_explanation_is_searchable_at_once(client):
    TermFactory(name="Pull system", explanation="A loop of signal cards between stations.")
    response = client.get("/search/", {"q": "signal cards"})
    assert "Pull system" in response.content.decode()


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="mentions come from FTS5; PostgreSQL relinks every term past 40 names",
)
def test_publishing_many_terms_relinks_only_the_texts_that_mention_them(publisher_client):
    drafts = [
        TermFactory(name=f"Buffer kind {n}", status=Term.Status.DRAFT, published_at=None) for n in range(45)
    ]
    mentioning = TermFactory(name="Stock policy", explanation="Buffer kind 7's size.")
    unrelated = TermFactory(name="Cycle count", explanation="Counting a few bins each day.")
    Term.objects.filter(pk=unrelated.pk).update(explanation_html="<p>untouched</p>")
    publisher_client.post(
        CHANGELIST_URL, {"action": "publish", "_selected_action": [term.pk for term in drafts]}
    )
    assert 'href="/terms/buffer-kind-7/">Buffer kind 7</a>' in html_of(mentioning)
    assert html_of(unrelated) == "<p>untouched</p>"


def test_a_name_with_an_ampersand_links_its_mentions_when_published(publisher_client):
    draft = TermFactory(name="C&F", status=Term.Status.DRAFT, published_at=None)
    mentioning = TermFactory(name="Stock policy", explanation="Shipped on C&F terms.")
    publisher_client.post(CHANGELIST_URL, {"action": "publish", "_selected_action": [draft.pk]})
    assert ">C&amp;F</a>" in html_of(mentioning)
