import pytest
from django.core.management import call_command

from glossary import linking
from glossary.models import Term
from tests.factories import TermFactory, TermLabelFactory, TopicFactory

pytestmark = pytest.mark.django_db


def html_of(term):
    return Term.objects.get(pk=term.pk).explanation_html


def test_a_mention_of_another_term_links_to_it():
    TermFactory(name="Safety stock")
    term = TermFactory(name="Reorder point", explanation="Demand in lead time plus safety stock.")
    assert '<a class="term-link" href="/terms/safety-stock/">safety stock</a>' in html_of(term)
    assert [other.name for other in term.links_to.all()] == ["Safety stock"]


def test_the_longest_name_wins_and_each_term_is_linked_once():
    TermFactory(name="Stock")
    TermFactory(name="Safety stock")
    term = TermFactory(name="Buffer", explanation="Safety stock is stock. More safety stock and stock.")
    html = html_of(term)
    assert html.count('href="/terms/safety-stock/"') == 1
    assert html.count('href="/terms/stock/"') == 1
    assert '<a class="term-link" href="/terms/safety-stock/">Safety stock</a> is <a' in html


def test_names_match_whole_words_in_any_case_across_line_breaks_and_with_their_punctuation():
    matcher = linking.Matcher(
        {
            key: linking.Target(index, f"/{index}/")
            for index, key in enumerate(["just-in-time", "c&f", "stock", "3pl"])
        }
    )
    text = "Just-In-Time, just-in-timer, C&F and c & f; stocks,\nstock_x, (stock) 3PL/4PL."
    assert [text[start:end] for start, end in matcher.spans(text)] == ["Just-In-Time", "C&F", "stock", "3PL"]
    spaced = linking.Matcher({"safety stock": linking.Target(1, "/1/")})
    assert list(spaced.spans("safety\n   stock, safetystock")) == [(0, 15)]


def test_labels_and_abbreviations_link_but_abbreviations_only_in_their_case():
    mrp = TermFactory(name="Material requirements planning", abbreviation="IT")
    TermLabelFactory(term=TermFactory(name="Safety stock"), label="Buffer stock")
    term = TermFactory(name="Planning", explanation="Buffer stock is one; it is planned in IT.")
    html = html_of(term)
    assert 'href="/terms/safety-stock/">Buffer stock</a>' in html
    assert f'href="{mrp.get_absolute_url()}">IT</a>' in html
    assert "; it is" in html


def test_never_links_to_itself_nor_inside_links_headings_or_code():
    TermFactory(name="Kanban")
    term = TermFactory(
        name="Pull system",
        explanation="## Kanban\n\nA pull system. See [kanban](https://example.org/).\n\n`kanban`\n\nkanban",
    )
    html = html_of(term)
    assert "<h2>Kanban</h2>" in html
    assert '<a href="https://example.org/" rel="noopener">kanban</a>' in html
    assert "<code>kanban</code>" in html
    assert '<p><a class="term-link" href="/terms/kanban/">kanban</a></p>' in html
    assert "/terms/pull-system/" not in html


def test_drafts_are_not_linked_and_editors_can_switch_linking_off():
    TermFactory(name="Safety stock", status=Term.Status.DRAFT)
    TermFactory(name="Cycle stock")
    plain = TermFactory(name="Stock", explanation="Cycle stock and safety stock.", auto_link=False)
    linked = TermFactory(name="Buffer", explanation="Cycle stock and safety stock.")
    assert "term-link" not in html_of(plain)
    assert "/terms/safety-stock/" not in html_of(linked) and "/terms/cycle-stock/" in html_of(linked)


def test_adding_renaming_and_unpublishing_a_term_refreshes_the_terms_that_mention_it():
    mentioning = TermFactory(name="Reorder point", explanation="Keep some buffer inventory.")
    assert "term-link" not in html_of(mentioning)
    target = TermFactory(name="Buffer inventory")
    assert 'href="/terms/buffer-inventory/"' in html_of(mentioning)
    target.name, target.slug = "Buffer", "buffer"
    target.save()
    assert '<a class="term-link" href="/terms/buffer/">buffer</a> inventory' in html_of(mentioning)
    target.status = Term.Status.DRAFT
    target.save()
    assert "term-link" not in html_of(mentioning)


def test_a_new_label_links_existing_mentions_and_deleting_the_target_unlinks():
    mentioning = TermFactory(name="Reorder point", explanation="Add buffer stock.")
    target = TermFactory(name="Safety stock")
    TermLabelFactory(term=target, label="Buffer stock")
    assert 'href="/terms/safety-stock/"' in html_of(mentioning)
    target.delete()
    assert "term-link" not in html_of(mentioning)


def test_definitions_are_linked_too_and_unlinked_when_the_target_goes():
    mentioning = TermFactory(name="Reorder point", definition="Lead time demand plus safety stock.")
    target = TermFactory(name="Safety stock")
    stored = Term.objects.get(pk=mentioning.pk)
    assert (
        stored.definition_html
        == 'Lead time demand plus <a class="term-link" href="/terms/safety-stock/">safety stock</a>.'
    )
    assert not stored.links_to.exists()  # "used in" counts explanations only
    target.delete()
    assert Term.objects.get(pk=mentioning.pk).definition_html == "Lead time demand plus safety stock."


def test_used_in_lists_the_terms_that_link_here(client):
    target = TermFactory(name="Safety stock")
    TermFactory(name="Reorder point", explanation="Includes safety stock.")
    TermFactory(name="Draft mention", explanation="Safety stock.", status=Term.Status.DRAFT)
    html = client.get(target.get_absolute_url()).content.decode()
    assert "Used in</h2>" in html
    assert 'href="/terms/reorder-point/">Reorder point</a>' in html
    assert "Draft mention" not in html


def test_relink_terms_command_rebuilds_links():
    TermFactory(name="Safety stock")
    term = TermFactory(name="Reorder point", explanation="Includes safety stock.")
    Term.objects.update(explanation_html="stale")
    call_command("relink_terms")
    assert 'href="/terms/safety-stock/"' in html_of(term)


def test_load_demo_ends_with_links_and_search_index(tmp_path):
    from glossary.loaders import load_glossary

    (tmp_path / "terms").mkdir()
    (tmp_path / "topics.yaml").write_text("- {slug: inventory, name: Inventory}\n")
    (tmp_path / "terms" / "a.yaml").write_text(
        "- name: Safety stock\n  definition: Extra stock.\n  topics: [inventory]\n"
        "- name: Reorder point\n  definition: When to order.\n  explanation: Includes safety stock.\n"
    )
    load_glossary(tmp_path)
    term = Term.objects.get(name="Reorder point")
    assert 'href="/terms/safety-stock/"' in term.explanation_html
    assert [t.name for t in Term.objects.published().search("safety stock")][0] == "Safety stock"


def test_a_term_linked_only_within_its_topics_is_not_linked_from_other_subjects():
    production, transport = TopicFactory(name="Production"), TopicFactory(name="Transport")
    TermFactory(name="Load", topics=[production], link_scope=Term.LinkScope.SAME_TOPIC)
    TermLabelFactory(term=Term.objects.get(name="Load"), label="Work center load")
    truck = TermFactory(
        name="Full truckload", topics=[transport], explanation="One shipper's load fills a truck."
    )
    shop = TermFactory(name="Input control", topics=[production], explanation="The load on a work center.")
    untopical = TermFactory(name="Memo", explanation="A load of paper.")
    assert "term-link" not in html_of(truck) and "term-link" not in html_of(untopical)
    assert '<a class="term-link" href="/terms/load/">load</a>' in html_of(shop)


def test_a_term_never_linked_automatically_and_a_label_kept_out_of_links():
    TermFactory(name="Waste", link_scope=Term.LinkScope.NEVER)
    TermLabelFactory(term=TermFactory(name="Lane"), label="Trade lane", auto_link=False)
    term = TermFactory(name="Muda", explanation="Waste on a trade lane; a lane.")
    html = html_of(term)
    assert html.count("term-link") == 1 and 'href="/terms/lane/">lane</a>' in html


def test_changing_where_a_term_is_linked_from_relinks_its_mentions():
    load = TermFactory(name="Load")
    truck = TermFactory(name="Full truckload", explanation="One shipper's load fills a truck.")
    assert "term-link" in html_of(truck)
    load.link_scope = Term.LinkScope.SAME_TOPIC
    load.save()
    assert "term-link" not in html_of(truck)


def test_a_few_terms_are_linked_with_only_the_names_their_texts_may_hold_and_the_same_links():
    for name, abbreviation in [
        ("Safety stock", ""),
        ("Buyer", ""),
        ("Lead time", "LT"),
        ("C&F", ""),
        ("Kanban", ""),
    ]:
        TermFactory(name=name, abbreviation=abbreviation)
    term = TermFactory(name="Plan", explanation="The buyer's safety&nbsp;stock, LT and C&F.")
    few, every = linking.matcher_for([term.pk]), linking.build_matcher()
    html = "<p>The buyer's safety\xa0stock, LT and C&amp;F.</p>"
    assert few.link_html(html, term.pk) == every.link_html(html, term.pk)
    assert len(every.link_html(html, term.pk)[1]) == 4
    assert "kanban" in every.targets and "kanban" not in few.targets
