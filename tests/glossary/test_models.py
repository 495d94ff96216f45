import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from glossary.models import FormerSlug, Term, TermLabel, Topic
from tests.factories import TermFactory, TermLabelFactory, TopicFactory
from tests.query_plans import whole_table_scans

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_reviews_and_future_dates():
    visible = TermFactory(name="Visible")
    TermFactory(name="Draft", status=Term.Status.DRAFT)
    TermFactory(name="Review", status=Term.Status.REVIEW)
    TermFactory(name="Scheduled", published_at=timezone.now() + timezone.timedelta(hours=1))
    deprecated = TermFactory(name="Old", status=Term.Status.DEPRECATED)

    assert set(Term.objects.published()) == {visible, deprecated}


def test_publishing_sets_the_publish_date_once():
    term = TermFactory(status=Term.Status.DRAFT, published_at=None)
    assert term.published_at is None
    term.status = Term.Status.PUBLISHED
    term.save()
    first = term.published_at
    assert first is not None
    term.save()
    assert term.published_at == first


def test_save_derives_slug_letter_and_safe_html():
    term = TermFactory(name="Économie d'échelle", explanation="Hello <script>alert(1)</script> **bold**")
    assert term.slug == "economie-dechelle"
    assert term.first_letter == "E"
    assert "<script>" not in term.explanation_html
    assert "<strong>bold</strong>" in term.explanation_html


def test_names_starting_with_a_digit_file_under_hash():
    assert TermFactory(name="5S").first_letter == "#"


def test_term_names_are_unique_ignoring_case():
    TermFactory(name="Safety stock")
    with pytest.raises(IntegrityError):
        TermFactory(name="SAFETY STOCK")


def test_duplicate_name_gives_a_clear_validation_message():
    TermFactory(name="Safety stock")
    term = Term(name="safety Stock", slug="safety-stock-2", definition="x")
    with pytest.raises(ValidationError) as error:
        term.full_clean()
    assert "already exists (ignoring case)" in str(error.value)


def test_labels_are_unique_ignoring_case():
    TermLabelFactory(label="Buffer stock")
    with pytest.raises(IntegrityError):
        TermLabelFactory(label="buffer STOCK")


def test_label_cannot_repeat_another_terms_name():
    TermFactory(name="Safety stock")
    label = TermLabel(term=TermFactory(name="Reserve"), label="SAFETY STOCK")
    with pytest.raises(ValidationError, match="already the name of another term"):
        label.full_clean()


def test_name_cannot_repeat_another_terms_label():
    TermLabelFactory(label="Buffer stock")
    term = Term(name="Buffer Stock", slug="buffer-stock", definition="x")
    with pytest.raises(ValidationError, match="alternate label of another term"):
        term.full_clean()


def test_publishing_without_a_definition_is_refused():
    term = Term(name="Empty", slug="empty", status=Term.Status.PUBLISHED)
    with pytest.raises(ValidationError, match="short definition is required"):
        term.full_clean()


def test_related_terms_are_symmetrical():
    mrp = TermFactory(name="Material requirements planning")
    bom = TermFactory(name="Bill of materials", related=[mrp])
    assert list(mrp.related.all()) == [bom]


def test_redirect_target_finds_labels_and_abbreviations_of_published_terms():
    mrp = TermFactory(name="Material requirements planning", abbreviation="MRP")
    TermLabelFactory(term=mrp, label="Material planning")
    draft = TermFactory(name="Secret", abbreviation="SEC", status=Term.Status.DRAFT)
    assert Term.objects.redirect_target("mrp") == mrp
    assert Term.objects.redirect_target("material-planning") == mrp
    assert Term.objects.redirect_target(draft.abbreviation_slug) is None


def test_redirect_target_reads_indexes_not_every_term():
    mrp = TermFactory(name="Material requirements planning", abbreviation="MRP")
    TermLabelFactory(term=mrp, label="Material planning")
    FormerSlug.objects.create(term=mrp, slug="mrp-planning")
    for slug, target in [("mrp", mrp), ("material-planning", mrp), ("mrp-planning", mrp), ("nothing", None)]:
        with CaptureQueriesContext(connection) as captured:
            assert Term.objects.redirect_target(slug) == target
        assert whole_table_scans(captured.captured_queries, "glossary_term") == [], slug


def test_matching_text_searches_names_labels_and_definitions():
    stock = TermFactory(name="Safety stock", definition="Extra inventory.")
    TermLabelFactory(term=stock, label="Buffer stock")
    other = TermFactory(name="Kanban", definition="A signal to replenish.")
    assert list(Term.objects.matching_text("BUFFER")) == [stock]
    assert list(Term.objects.matching_text("replenish")) == [other]


def test_topics_count_only_published_terms():
    topic = TopicFactory()
    TermFactory(topics=[topic])
    TermFactory(topics=[topic], status=Term.Status.DRAFT)
    assert Topic.objects.with_published_counts().get(pk=topic.pk).term_count == 1


def test_redirect_prefers_the_term_whose_main_abbreviation_it_is():
    defects = TermFactory(name="Defects per unit")
    TermLabelFactory(term=defects, label="DPU", kind="abbreviation")
    delivered = TermFactory(name="Delivered at Place Unloaded", abbreviation="DPU")
    assert Term.objects.redirect_target("dpu") == delivered


def test_neighbors_are_related_or_linking_only_published_and_never_listed_twice():
    term = TermFactory(name="Safety stock")
    both = TermFactory(name="Buffer stock", related=[term])
    both.links_to.add(term)
    linking = TermFactory(name="Reorder point")
    linking.links_to.add(term)
    draft = TermFactory(name="Draft neighbor", status=Term.Status.DRAFT, related=[term])
    term.attach_page_parts()
    assert term.published_related == [both]
    assert term.used_in == [linking]  # "Buffer stock" is already under Related terms
    assert draft not in term.published_related
    assert term.published_related[0].definition == both.definition


def test_a_term_without_neighbors_has_empty_lists():
    term = TermFactory(name="Lonely term")
    term.attach_page_parts()
    assert term.published_related == [] and term.used_in == []


def test_a_terms_address_is_what_reverse_gives_for_any_valid_slug():
    for slug in ["backlog", "3pl", "s-and-op", "abc_analysis", "Mixed-Case"]:
        assert Term(slug=slug).get_absolute_url() == reverse("glossary:term_detail", args=[slug])
