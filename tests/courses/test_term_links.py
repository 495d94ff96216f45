"""Glossary terms mentioned in CIOP texts link to their pages, by the rules of explanations."""

import pytest
from django.urls import reverse

from courses.models import FAQ, Module, Programme, Video
from glossary import linking
from glossary.derived import bulk_changes
from glossary.models import Term
from tests.admin_forms import inline_management
from tests.factories import (
    ModuleFactory,
    ProgrammeFactory,
    TermFactory,
    TermLabelFactory,
    TopicFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db

SAFETY_STOCK_LINK = '<a class="term-link" href="/terms/safety-stock/">'


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def glossary():
    TermFactory(name="Safety stock")
    TermFactory(name="Stock")
    TermFactory(name="Lead time")
    TermFactory(name="Bill of materials", abbreviation="BOM")


def test_module_texts_link_each_term_once_at_its_first_mention_longest_match_first(client, glossary):
    module = ModuleFactory(
        summary="How safety stock covers the lead time.",
        outcomes="Size safety stock.\nRead a BOM.\nPlan the lead time.",
        description="Safety stock, again. See [stock](https://example.com/stock).",
    )
    html = page(client, module.get_absolute_url())
    assert f"How {SAFETY_STOCK_LINK}safety stock</a> covers" in html  # not "Stock" inside it
    assert html.count(SAFETY_STOCK_LINK) == 1 and html.count('href="/terms/lead-time/"') == 1
    assert 'Read a <a class="term-link" href="/terms/bill-of-materials/">BOM</a>.' in html
    assert '<a href="https://example.com/stock" rel="noopener">stock</a>' in html  # never inside a link
    assert 'href="/terms/stock/"' not in html


def test_links_respect_the_terms_link_scope_and_labels_switched_off(client):
    TermFactory(name="Cycle", link_scope=Term.LinkScope.NEVER)
    TermFactory(name="Cost", link_scope=Term.LinkScope.SAME_TOPIC, topics=[TopicFactory()])
    TermLabelFactory(term=TermFactory(name="Kanban"), label="pull card", auto_link=False)
    TermFactory(name="Draft idea", status=Term.Status.DRAFT)
    module = ModuleFactory(summary="Cycle, cost, a pull card and a draft idea; then kanban.")
    html = page(client, module.get_absolute_url())
    assert html.count('class="term-link"') == 1 and 'href="/terms/kanban/">kanban</a>' in html


def test_programme_page_links_its_summary_faq_and_each_modules_summary_and_outcomes(client, glossary):
    programme = ProgrammeFactory(summary="From safety stock to the BOM.")
    FAQ.objects.create(programme=programme, question="Is lead time covered?", answer="Yes:\nlead time is.")
    ModuleFactory(
        programme=programme, number=1, summary="Lead time basics.", outcomes="Set safety stock.\nA\nB"
    )
    ModuleFactory(programme=programme, number=2, summary="Safety stock in depth.")
    html = page(client, "/ciop/")
    assert f"From {SAFETY_STOCK_LINK}safety stock</a> to the" in html
    assert 'Yes:<br><a class="term-link" href="/terms/lead-time/">lead time</a> is.' in html
    assert "<li>Set " + SAFETY_STOCK_LINK in html  # a module is its own text
    assert f"{SAFETY_STOCK_LINK}Safety stock</a> in depth." in html
    assert "Is lead time covered?</summary>" in html  # questions stay plain: they are summaries


def test_a_term_published_or_renamed_later_is_linked_in_texts_written_before(client):
    module = ModuleFactory(summary="Plan the takt time and the pitch.")
    assert "term-link" not in page(client, module.get_absolute_url())
    takt = TermFactory(name="Takt time")
    assert 'href="/terms/takt-time/">takt time</a>' in page(client, module.get_absolute_url())
    takt.name, takt.slug = "Pitch", "pitch"
    takt.save()
    html = page(client, module.get_absolute_url())
    assert 'href="/terms/pitch/">pitch</a>' in html and "takt-time" not in html
    takt.status = Term.Status.DRAFT
    takt.save()
    assert "term-link" not in page(client, module.get_absolute_url())


def test_a_saved_text_is_linked_at_once_and_pages_only_read_it(glossary):
    module = ModuleFactory(summary="Nothing yet.")
    module.summary = "Now safety stock."
    module.save()
    assert module.summary_html == f"Now {SAFETY_STOCK_LINK}safety stock</a>."
    assert Module.objects.get(pk=module.pk).summary_html == module.summary_html
    assert Programme.objects.get().summary_html  # every CIOP text is kept linked


def test_video_transcripts_are_linked_on_the_videos_page(client, glossary):
    VideoFactory(transcript="Safety stock covers the lead time.")
    html = page(client, "/videos/")
    assert f"{SAFETY_STOCK_LINK}Safety stock</a> covers the" in html
    assert Video.objects.get().transcript_html.count("term-link") == 2


def test_pages_with_linked_texts_keep_their_query_counts(client, django_assert_num_queries, glossary):
    programme = ProgrammeFactory(summary="Safety stock.")
    module = ModuleFactory(programme=programme, summary="Safety stock and lead time.")
    VideoFactory(transcript="Safety stock.")
    with django_assert_num_queries(3):  # the module with its programme, its key terms, its faculty
        page(client, module.get_absolute_url())
    with django_assert_num_queries(11):  # as tests/courses/test_views.py counts them
        page(client, "/ciop/")
    with django_assert_num_queries(3):  # the series, the videos, their terms
        page(client, "/videos/")


def test_a_bulk_block_links_every_saved_text_once_at_its_end(monkeypatch, glossary):
    builds = []
    build = linking.build_matcher
    monkeypatch.setattr(linking, "build_matcher", lambda: builds.append(1) or build())
    with bulk_changes():
        programme = ProgrammeFactory(summary="Safety stock.")
        modules = [ModuleFactory(programme=programme, summary="Lead time.") for _ in range(3)]
        VideoFactory(transcript="Stock.")
        assert not builds and not Module.objects.get(pk=modules[0].pk).summary_html
    assert len(builds) == 1
    assert all("term-link" in html for html in Module.objects.values_list("summary_html", flat=True))


def test_an_admin_save_with_inline_modules_and_faqs_links_every_text_with_one_matcher(
    editor_client, monkeypatch, glossary
):
    builds = []
    build = linking.build_matcher
    monkeypatch.setattr(linking, "build_matcher", lambda: builds.append(1) or build())
    module = {"number": "1", "slug": "m", "summary": "Lead time.", "outcomes": "A\nB\nC", "hours": "4"}
    data = {
        **{"name": "CIOP", "code": "CIOP", "summary": "Safety stock.", "total_hours": "1"},
        **{"price_per_participant": "1", "currency": "USD", "tax_rate": "0", "quote_validity_days": "30"},
        **inline_management("discount_tiers"),
        **inline_management("faqs", total=2),
        **{"faqs-0-question": "One?", "faqs-0-answer": "Stock.", "faqs-0-display_order": "1"},
        **{"faqs-1-question": "Two?", "faqs-1-answer": "BOM.", "faqs-1-display_order": "2"},
        **inline_management("modules", total=1),
        **{f"modules-0-{name}": value for name, value in module.items()},
        **{"modules-0-title": "M", "modules-0-track": "core"},
    }
    assert editor_client.post(reverse("admin:courses_programme_add"), data).status_code == 302
    assert len(builds) == 1
    assert all("term-link" in html for html in FAQ.objects.values_list("answer_html", flat=True))
    assert "term-link" in Module.objects.get().summary_html


def test_a_renamed_term_relinks_the_ciop_texts_only_when_they_mention_it(monkeypatch, glossary):
    module = ModuleFactory(programme=ProgrammeFactory(summary="Plan."), summary="Keep safety stock.")
    builds = []
    build = linking.build_matcher
    monkeypatch.setattr(
        linking, "build_matcher", lambda term_ids=None: builds.append(term_ids) or build(term_ids)
    )
    lead_time = Term.objects.get(name="Lead time")
    lead_time.name = "Replenishment lead time"
    lead_time.save()
    assert None not in builds  # no CIOP text mentions it: the matcher of every name is not built
    safety_stock = Term.objects.get(name="Safety stock")
    safety_stock.name, safety_stock.slug = "Safety stocks", "safety-stocks"
    safety_stock.save()
    assert 'href="/terms/safety-stocks/"' not in Module.objects.get(pk=module.pk).summary_html
    assert SAFETY_STOCK_LINK not in Module.objects.get(pk=module.pk).summary_html


def test_a_deleted_term_is_unlinked_from_the_ciop_texts(glossary):
    module = ModuleFactory(programme=ProgrammeFactory(summary="Plan."), summary="Keep safety stock.")
    assert SAFETY_STOCK_LINK in Module.objects.get(pk=module.pk).summary_html
    Term.objects.get(name="Safety stock").delete()
    assert "/terms/safety-stock/" not in Module.objects.get(pk=module.pk).summary_html
