"""The editors' quality dashboard."""

import pytest
from django.urls import reverse
from django.utils import timezone

from glossary.models import Term
from tests.factories import TermFactory, TopicFactory

from .test_admin import change_url

pytestmark = pytest.mark.django_db

QUALITY_URL = reverse("admin:glossary_term_quality")


def section(html, title):
    start = html.index(title)
    return html[start : html.find("</section>", start)]


def test_dashboard_lists_each_problem_with_links(editor_client):
    topic = TopicFactory()
    today = timezone.localdate()
    draft = TermFactory(name="Draft target", status=Term.Status.DRAFT, topics=[topic], last_reviewed=today)
    linker = TermFactory(name="Linker", related=[draft], topics=[topic], last_reviewed=today)
    empty = TermFactory(
        name="Empty", definition="", status=Term.Status.DRAFT, topics=[topic], last_reviewed=today
    )
    wordy = TermFactory(
        name="Wordy", definition="word " * 51, topics=[topic], related=[linker], last_reviewed=today
    )
    stale = TermFactory(name="Stale", last_reviewed=today - timezone.timedelta(days=400), related=[linker])

    html = editor_client.get(QUALITY_URL).content.decode()
    assert change_url(empty) in section(html, "Missing a short definition")
    assert change_url(stale) in section(html, "Without a topic") and change_url(wordy) not in section(
        html, "Without a topic"
    )
    assert change_url(empty) in section(html, "Without related terms")
    assert change_url(linker) not in section(html, "Without related terms")
    assert change_url(empty) in section(html, "Orphans") and change_url(draft) not in section(html, "Orphans")
    assert change_url(wordy) in section(html, "Definitions over 50 words") and "51 words" in html
    links = section(html, "Published terms linking to unpublished terms")
    assert change_url(linker) in links and "Draft target (Draft)" in links
    assert change_url(stale) in section(html, "Not reviewed for over a year")
    assert change_url(linker) not in section(html, "Not reviewed for over a year")


def test_dashboard_takes_a_constant_number_of_queries(editor_client, django_assert_num_queries):
    TermFactory.create_batch(3)
    editor_client.get(QUALITY_URL)  # warm the session and permission caches
    with django_assert_num_queries(13):
        editor_client.get(QUALITY_URL)
    TermFactory.create_batch(10, related=[TermFactory(status=Term.Status.DRAFT)])
    with django_assert_num_queries(13):
        editor_client.get(QUALITY_URL)


def test_dashboard_is_linked_from_the_changelist_and_the_admin_index(editor_client):
    assert QUALITY_URL in editor_client.get(reverse("admin:glossary_term_changelist")).content.decode()
    assert QUALITY_URL in editor_client.get(reverse("admin:index")).content.decode()


def test_dashboard_is_for_staff_with_glossary_access(client, sales_user):
    assert client.get(QUALITY_URL).status_code == 302
    client.force_login(sales_user)
    assert client.get(QUALITY_URL).status_code == 403


def test_dashboard_finds_a_common_word_linked_from_many_other_subjects(editor_client, settings):
    production = TopicFactory(name="Production")
    load = TermFactory(name="Load", topics=[production])
    for number in range(15):
        TermFactory(name=f"Transport term {number}", topics=[TopicFactory()], explanation="A full load.")
    html = editor_client.get(QUALITY_URL).content.decode()
    assert change_url(load) in section(html, "Common words linked across topics")
    assert "linked from 15 terms in 15 other topics" in html
    load.link_scope = Term.LinkScope.SAME_TOPIC
    load.save()
    html = editor_client.get(QUALITY_URL).content.decode()
    assert change_url(load) not in section(html, "Common words linked across topics")
