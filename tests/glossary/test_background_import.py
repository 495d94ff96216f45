"""The admin imports a whole file in the background: a status page, then a summary."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from glossary.models import Term
from tests.factories import TermFactory

IMPORT_URL = reverse("admin:glossary_term_import_file")
# 20,000 rows take about 80 s in the worker (README, "Background tasks"); the suite uses fewer.
ROWS = int(os.environ.get("BACKGROUND_IMPORT_TEST_ROWS", "500"))


def csv_file(text, name="terms.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def start(client, text, **options):
    return client.post(IMPORT_URL, {"import_file": csv_file(text), "on_conflict": "fail", **options})


@pytest.mark.django_db
def test_the_admin_import_shows_a_summary_and_the_changes_to_existing_terms(publisher_client):
    TermFactory(name="Carrier", definition="A company that moves goods.")
    response = start(
        publisher_client,
        "name,definition,source_id\nCarrier,A party that moves goods.,x:1\nCrate,A box.,x:2\n",
        on_conflict="update",
    )
    assert response.status_code == 302
    page = publisher_client.get(response["Location"]).content.decode()
    assert "2 rows: 2 terms (1 new, 1 changed, 0 unchanged)" in page and "Import saved." in page
    assert (
        "Changed “Carrier”: definition: “A company that moves goods.” → “A party that moves goods.”" in page
    )
    assert Term.objects.get(name="Carrier").definition == "A party that moves goods."


@pytest.mark.django_db
def test_a_failed_admin_import_changes_nothing_and_lists_the_rows(publisher_client):
    TermFactory(name="Carrier")
    response = start(publisher_client, "name,definition,source_id\nCrate,A box.,x:2\nCarrier,Moves.,x:1\n")
    page = publisher_client.get(response["Location"]).content.decode()
    assert "Nothing was saved." in page and "Row 2: name: “Carrier” already exists" in page
    assert not Term.objects.filter(name="Crate").exists()


@pytest.mark.django_db
def test_the_import_form_refuses_an_unknown_file_type_with_a_message(publisher_client):
    response = publisher_client.post(
        IMPORT_URL, {"import_file": csv_file("x", "terms.txt"), "on_conflict": "fail"}
    )
    assert response.status_code == 400 and "Use a .csv, .xlsx or .json file." in response.content.decode()


@pytest.mark.django_db
def test_another_session_cannot_follow_an_import(publisher_client, publisher):
    location = start(publisher_client, "name,definition\nCrate,A box.\n")["Location"]
    client = Client()
    client.force_login(publisher)
    assert client.get(location).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_a_long_file_is_imported_by_the_worker_while_the_page_waits(admin_client, database_tasks):
    # A superuser: transactional tests empty the tables, the staff groups included.
    publisher_client = admin_client
    rows = "".join(
        f"Synthetic term {number},Definition {number}.,Topic {number % 7},x:{number}\n"
        for number in range(ROWS)
    )
    response = start(publisher_client, "name,definition,topics,source_id\n" + rows)
    waiting = publisher_client.get(response["Location"]).content.decode()
    assert "Waiting for the background worker" in waiting and 'http-equiv="refresh"' in waiting
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    done = publisher_client.get(response["Location"]).content.decode()
    assert (
        f"{ROWS} rows: {ROWS} terms ({ROWS} new, 0 changed, 0 unchanged)" in done and "Import saved." in done
    )
    assert 'http-equiv="refresh"' not in done
    assert Term.objects.count() == ROWS
