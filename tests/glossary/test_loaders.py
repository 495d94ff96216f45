"""Loading the demo glossary: a term renamed in the files keeps its record and its old address."""

import pytest

from glossary.content_checks import check_former_slugs
from glossary.loaders import load_glossary
from glossary.models import FormerSlug, Term

pytestmark = pytest.mark.django_db

ENTRY = """- name: {name}
  {former}definition: The supplier's answer to a purchase order.
  topics: [procurement]
"""


def write_demo(folder, name, former=""):
    (folder / "terms").mkdir(exist_ok=True)
    (folder / "topics.yaml").write_text("- {slug: procurement, name: Procurement}\n")
    former = f"former_slugs: [{former}]\n  " if former else ""
    (folder / "terms" / "a.yaml").write_text(ENTRY.format(name=name, former=former))


def test_a_term_renamed_with_its_former_slug_keeps_its_record_and_answers_301(tmp_path, client):
    write_demo(tmp_path, "Purchase order acknowledgement")
    load_glossary(tmp_path)
    before = Term.objects.get()
    write_demo(tmp_path, "Purchase order acknowledgment", former="purchase-order-acknowledgement")
    report = load_glossary(tmp_path)
    term = Term.objects.get()
    assert (report.created, report.changed) == (0, 1) and term.pk == before.pk
    assert term.slug == "purchase-order-acknowledgment"
    response = client.get("/terms/purchase-order-acknowledgement/")
    assert response.status_code == 301 and response["Location"] == "/terms/purchase-order-acknowledgment/"
    again = load_glossary(tmp_path)
    assert (again.created, again.changed, again.unchanged) == (0, 0, 1)


def test_a_fresh_load_records_the_former_slugs_the_file_names(tmp_path, client):
    write_demo(tmp_path, "Purchase order acknowledgment", former="purchase-order-acknowledgement")
    assert load_glossary(tmp_path).created == 1
    assert list(FormerSlug.objects.values_list("slug", flat=True)) == ["purchase-order-acknowledgement"]
    assert client.get("/terms/purchase-order-acknowledgement/").status_code == 301
    again = load_glossary(tmp_path)
    assert (again.created, again.changed, again.unchanged) == (0, 0, 1)


def test_a_former_slug_may_not_be_a_current_address_or_lead_to_two_terms():
    entries = [
        {"name": "Order confirmation", "former_slugs": ["old-name"]},
        {"name": "Old name", "former_slugs": ["order"]},
        {"name": "Order", "former_slugs": ["old-name"]},
    ]
    assert check_former_slugs(entries) == [
        "former slug old-name is a term's current slug",
        "former slug order is a term's current slug",
        "former slug old-name is listed by 2 terms",
    ]
