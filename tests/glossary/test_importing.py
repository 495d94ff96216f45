"""Bulk import: dry run, all-or-nothing, natural keys, senses for repeated names, the GS1 file."""

import io
import os
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import tablib
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from glossary.models import Term, TermSense, Topic
from tests.factories import TermFactory, TermLabelFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:glossary_term_import")
PROCESS_URL = reverse("admin:glossary_term_process_import")
# Beside the checkout, or beside the folder of worktrees that holds it.
GS1_PLACES = [Path(settings.BASE_DIR).parent, Path(settings.BASE_DIR).parent.parent]
GS1_FILE = next(
    (
        place / "shared" / "data" / "gs1-webvoc-terms.csv"
        for place in GS1_PLACES
        if (place / "shared").is_dir()
    ),
    GS1_PLACES[0] / "shared" / "data" / "gs1-webvoc-terms.csv",
)
HEADER = "name,definition,topic,source_id\n"
GOOD_ROWS = (
    "Pallet,A flat transport structure.,Logistics,x:pallet\n"
    "Pallet,A portable platform for storing goods.,Warehousing,x:pallet-2\n"
    "Crate,A wooden box.,Logistics,x:crate\n"
)


def write(tmp_path, text, name="terms.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run_import(*args):
    out = io.StringIO()
    call_command("import_terms", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot():
    return (
        list(Term.objects.values_list("name", "definition", "status").order_by("name")),
        list(TermSense.objects.values_list("term__name", "number", "definition")),
        sorted(Topic.objects.values_list("name", flat=True)),
    )


def test_import_makes_repeated_names_into_numbered_senses(tmp_path):
    output = run_import(write(tmp_path, HEADER + GOOD_ROWS))
    assert "3 rows: 2 terms (2 new, 0 changed, 0 unchanged), 1 senses (1 new" in output
    pallet = Term.objects.get(name="Pallet")
    assert pallet.definition == "A flat transport structure." and pallet.source_id == "x:pallet"
    assert list(pallet.senses.values_list("number", "definition")) == [
        (2, "A portable platform for storing goods.")
    ]
    assert sorted(pallet.topics.values_list("name", flat=True)) == ["Logistics", "Warehousing"]
    assert set(Term.objects.values_list("status", flat=True)) == {Term.Status.DRAFT}


def test_reimporting_the_same_file_changes_nothing(tmp_path):
    path = write(tmp_path, HEADER + GOOD_ROWS)
    run_import(path)
    before, history = snapshot(), Term.history.count()
    output = run_import(path)
    assert "2 terms (0 new, 0 changed, 2 unchanged), 1 senses (0 new, 0 changed, 1 unchanged)" in output
    assert snapshot() == before and Term.history.count() == history


def test_command_shows_progress_and_a_summary(tmp_path):
    output = run_import(write(tmp_path, HEADER + GOOD_ROWS))
    assert "[" + "#" * 30 + "] 3/3 rows" in output
    assert output.strip().endswith("Import saved.")


def test_two_rows_with_one_source_id_import_nothing(tmp_path):
    rows = HEADER + "Crate,A box.,Logistics,x:same\nBin,A bin.,Logistics,x:same\n"
    with pytest.raises(CommandError):
        call_command(
            "import_terms", write(tmp_path, rows), stdout=io.StringIO(), stderr=(errors := io.StringIO())
        )
    assert "Row 2: source_id: An earlier row of this file already has this source id." in errors.getvalue()
    assert not Term.objects.exists()


def test_renaming_a_term_onto_another_name_is_refused(tmp_path):
    TermFactory(name="Crate", source_id="x:crate")
    TermFactory(name="Bin", source_id="x:bin")
    with pytest.raises(CommandError):
        call_command(
            "import_terms",
            write(tmp_path, HEADER + "crate,A bin now.,Logistics,x:bin\n"),
            stdout=io.StringIO(),
            stderr=(errors := io.StringIO()),
        )
    assert "Row 1: name: A term with this name already exists (ignoring case)." in errors.getvalue()
    assert Term.objects.get(source_id="x:bin").name == "Bin"


def test_source_id_is_the_natural_key(tmp_path):
    run_import(write(tmp_path, HEADER + "Crate,A wooden box.,Logistics,x:crate\n"))
    run_import(write(tmp_path, HEADER + "Shipping crate,A wooden box for shipping.,Logistics,x:crate\n"))
    assert list(Term.objects.values_list("name", "definition")) == [
        ("Shipping crate", "A wooden box for shipping.")
    ]


def test_dry_run_changes_nothing(tmp_path):
    TermFactory(name="Crate", definition="Old.", source_id="x:crate")
    before = snapshot()
    output = run_import(write(tmp_path, HEADER + GOOD_ROWS), "--dry-run")
    assert "1 changed" in output and "Dry run: nothing was saved." in output
    assert snapshot() == before


def test_a_file_with_one_bad_row_imports_nothing(tmp_path):
    bad = (
        HEADER.replace("\n", ",status\n")
        + GOOD_ROWS.replace("\n", ",draft\n")
        + "Bin,A box.,Logistics,x:bin,bogus\n"
    )
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "import_terms", write(tmp_path, bad), stdout=io.StringIO(), stderr=(errors := io.StringIO())
        )
    assert "Row 4: status:" in errors.getvalue()
    assert not Term.objects.exists() and not Topic.objects.exists()


def test_a_row_without_a_name_is_reported(tmp_path):
    with pytest.raises(CommandError):
        call_command(
            "import_terms",
            write(tmp_path, HEADER + GOOD_ROWS + ",No name.,Logistics,x:none\n"),
            stdout=io.StringIO(),
            stderr=(errors := io.StringIO()),
        )
    assert "Row 4: name: This field cannot be blank." in errors.getvalue()
    assert not Term.objects.exists()


def test_unknown_file_type_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="use a .csv, .xlsx or .json file"):
        run_import(write(tmp_path, "x", name="terms.txt"))


@pytest.mark.parametrize("file_format", ["xlsx", "json"])
def test_imports_xlsx_and_json(tmp_path, file_format):
    dataset = tablib.Dataset().load(HEADER + GOOD_ROWS, format="csv")
    path = tmp_path / f"terms.{file_format}"
    path.write_bytes(
        dataset.export(file_format) if file_format == "xlsx" else dataset.export("json").encode()
    )
    assert "2 terms (2 new" in run_import(str(path))
    assert Term.objects.get(name="Pallet").senses.count() == 1


def test_a_cell_over_128_kb_is_a_row_error_and_nothing_is_imported(tmp_path):
    rows = (
        HEADER.replace("\n", ",explanation\n")
        + f"Crate,A box.,Logistics,x:crate,\nBin,A bin.,,x:bin,{'x' * 140_000}\n"
    )
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "import_terms", write(tmp_path, rows), stdout=io.StringIO(), stderr=(errors := io.StringIO())
        )
    assert "Row 2: explanation: This cell has 140,000 characters; a cell may have at most 131,072." in (
        errors.getvalue()
    )
    assert not Term.objects.exists()


def test_a_file_without_a_name_column_is_refused(tmp_path):
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_terms",
            write(tmp_path, "title,definition\nCrate,A box.\n"),
            stdout=out,
            stderr=(errors := io.StringIO()),
        )
    assert "File: The file has no “name” column" in errors.getvalue()
    assert "unchanged" not in out.getvalue()
    assert not Term.objects.exists()


def test_status_column_may_publish_from_the_shell(tmp_path):
    run_import(write(tmp_path, "name,definition,status\nCrate,A box.,published\n"))
    assert Term.objects.published().filter(name="Crate").exists()


# The admin: a preview of every row, then confirm


@pytest.fixture(autouse=True)
def upload_folder(settings, tmp_path):
    """Uploads wait in a folder of this test's own."""
    settings.GLOSSARY_IMPORT_UPLOAD_DIR = str(tmp_path / "uploads")
    return tmp_path / "uploads"


def upload(client, text, name="terms.csv"):
    return client.post(
        IMPORT_URL,
        {"import_file": SimpleUploadedFile(name, text.encode()), "format": csv_format_index(client)},
    )


def csv_format_index(client):
    choices = client.get(IMPORT_URL).context["form"].fields["format"].choices
    return next(value for value, label in choices if label.lower() == "csv")


def test_admin_import_previews_every_row_then_confirms(publisher_client):
    TermFactory(
        name="Crate",
        definition="A wooden box.",
        source_id="x:crate",
        topics=[Topic.objects.create(name="Logistics", slug="logistics")],
    )
    TermFactory(name="Bin", definition="Old words.", source_id="x:bin")
    text = HEADER + GOOD_ROWS + "Bin,A new definition.,,x:bin\n"
    preview = upload(publisher_client, text)
    result = preview.context["result"]
    assert [row.import_type for row in result.rows] == ["new", "new", "skip", "update"]
    assert not Term.objects.filter(name="Pallet").exists()  # the preview saved nothing
    html = preview.content.decode()
    assert "New" in html and "Skip" in html and "Update" in html
    confirm = preview.context["confirm_form"]
    response = publisher_client.post(PROCESS_URL, confirm.initial, follow=True)
    assert response.status_code == 200
    assert Term.objects.get(name="Pallet").senses.count() == 1
    assert Term.objects.get(name="Bin").definition == "A new definition."


def test_admin_import_with_a_bad_row_offers_no_confirm_and_saves_nothing(publisher_client):
    response = upload(publisher_client, HEADER + GOOD_ROWS + ",Nameless.,Logistics,x:none\n")
    assert "confirm_form" not in response.context
    assert "This field cannot be blank." in response.content.decode()
    assert not Term.objects.exists() and not Topic.objects.exists()


def test_editor_cannot_publish_through_an_import(editor_client):
    response = upload(editor_client, "name,definition,status\nCrate,A box.,published\n")
    assert "confirm_form" not in response.context
    assert "Publishing or unpublishing needs the Publishers group." in response.content.decode()
    assert not Term.objects.exists()


def test_editor_may_import_drafts(editor_client):
    response = upload(editor_client, HEADER + GOOD_ROWS)
    assert "confirm_form" in response.context


def test_admin_import_refuses_a_file_without_a_name_column(editor_client):
    response = upload(editor_client, "title,definition\nCrate,A box.\n")
    assert "confirm_form" not in response.context
    assert "The file has no “name” column" in response.content.decode()


def test_admin_import_shows_a_cell_over_128_kb_as_a_row_error(editor_client):
    response = upload(editor_client, "name,definition,explanation\nCrate,A box.," + "x" * 140_000 + "\n")
    assert "confirm_form" not in response.context
    assert "This cell has 140,000 characters; a cell may have at most 131,072." in response.content.decode()
    assert not Term.objects.exists()


def test_admin_import_refuses_a_file_over_the_row_limit_before_reading_rows(editor_client, settings):
    assert settings.GLOSSARY_ADMIN_IMPORT_MAX_ROWS == 3000
    assert "At most 3,000 rows" in editor_client.get(IMPORT_URL).content.decode()
    rows = "".join(f"Term {number},A definition.,Logistics,x:{number}\n" for number in range(3001))
    started = time.monotonic()
    response = upload(editor_client, HEADER + rows)
    assert time.monotonic() - started < 5
    html = response.content.decode()
    assert "This file has 3,001 rows; the admin imports at most 3,000 at a time." in html
    assert "Split the file, or ask a developer to run the import_terms command." in html
    assert "confirm_form" not in response.context and not response.context["result"].rows
    assert not Term.objects.exists()


# The confirm step imports only a file this session uploaded


def confirm_data(preview, **changes):
    return {**preview.context["confirm_form"].initial, **changes}


def planted_file(folder, text=HEADER + GOOD_ROWS):
    """A file that is not this editor's upload, in a folder the import reads."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"planted-{uuid.uuid4().hex}.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("where", ["upload folder", "system temp folder"])
def test_confirming_a_file_this_session_did_not_upload_is_refused(editor_client, upload_folder, where):
    folder = upload_folder if where == "upload folder" else Path(tempfile.gettempdir())
    planted = planted_file(folder)
    try:
        preview = upload(editor_client, "name,definition\nBin,A bin.\n")
        response = editor_client.post(PROCESS_URL, confirm_data(preview, import_file_name=planted.name))
        assert response.status_code == 400
        assert "This import cannot be confirmed" in response.content.decode()
        assert planted.exists() and not Term.objects.exists()
    finally:
        planted.unlink(missing_ok=True)


def test_confirming_a_missing_file_or_an_unknown_format_is_refused(editor_client, upload_folder):
    preview = upload(editor_client, HEADER + GOOD_ROWS)
    missing = editor_client.post(PROCESS_URL, confirm_data(preview, import_file_name="no-such-file"))
    assert missing.status_code == 400
    preview = upload(editor_client, HEADER + GOOD_ROWS)
    assert editor_client.post(PROCESS_URL, confirm_data(preview, format="99")).status_code == 400
    preview = upload(editor_client, HEADER + GOOD_ROWS)
    for name in os.listdir(upload_folder):
        (upload_folder / name).unlink()
    assert editor_client.post(PROCESS_URL, confirm_data(preview)).status_code == 400
    assert not Term.objects.exists()


def test_another_users_upload_cannot_be_confirmed(editor_client, publisher):
    publisher_session = Client()
    publisher_session.force_login(publisher)
    preview = upload(publisher_session, HEADER + GOOD_ROWS)
    assert editor_client.post(PROCESS_URL, confirm_data(preview)).status_code == 400
    assert not Term.objects.exists()
    assert publisher_session.post(PROCESS_URL, confirm_data(preview)).status_code == 302
    assert Term.objects.filter(name="Pallet").exists()


def test_an_import_is_confirmed_once(editor_client, upload_folder):
    preview = upload(editor_client, HEADER + GOOD_ROWS)
    assert editor_client.post(PROCESS_URL, confirm_data(preview)).status_code == 302
    assert editor_client.post(PROCESS_URL, confirm_data(preview)).status_code == 400
    assert Term.objects.count() == 2 and not os.listdir(upload_folder)


def test_previews_never_confirmed_are_removed_by_a_later_upload(editor_client, upload_folder):
    upload(editor_client, HEADER + GOOD_ROWS)
    (forgotten,) = upload_folder.iterdir()
    two_days_ago = time.time() - 2 * 24 * 60 * 60
    os.utime(forgotten, (two_days_ago, two_days_ago))
    upload(editor_client, HEADER + GOOD_ROWS)
    assert not forgotten.exists() and len(os.listdir(upload_folder)) == 1


# The GS1 Web Vocabulary test file


@pytest.mark.skipif(not GS1_FILE.exists(), reason=f"GS1 test data not found at {GS1_FILE}")
def test_gs1_file_imports_every_row_and_reimports_with_no_changes():
    rows = list(tablib.Dataset().load(GS1_FILE.read_text(encoding="utf-8"), format="csv").dict)
    assert len(rows) == 2301
    first = run_import(str(GS1_FILE))
    terms, senses = Term.objects.count(), TermSense.objects.count()
    assert terms + senses == 2301
    assert (
        f"2301 rows: {terms} terms ({terms} new, 0 changed, 0 unchanged), {senses} senses ({senses} new"
        in first
    )
    assert len({row["name"].lower() for row in rows}) == terms
    assert not Term.objects.published().exists()
    gluten = Term.objects.get(name__iexact="Free From Gluten")
    assert [sense.number for sense in gluten.senses.all()] == [2, 3]
    assert gluten.topics.count() == 3

    second = run_import(str(GS1_FILE))
    unchanged = f"{terms} terms (0 new, 0 changed, {terms} unchanged), {senses} senses (0 new, 0 changed"
    assert unchanged in second and second.count("0 in error.") == 1


def test_imported_terms_are_searchable_and_cross_linked_once_the_import_is_done(tmp_path):
    pallet = TermFactory(name="Pallet", explanation="Goods on a pallet are moved by forklift truck.")
    rows = (
        "name,definition,explanation,status,source_id\n"
        'Forklift truck,A powered lift truck.,"Lifts each pallet from below.",published,x:forklift\n'
        "Crate,A wooden box.,,draft,x:crate\n"
    )
    run_import(write(tmp_path, rows))
    forklift = Term.objects.get(name="Forklift truck")
    assert list(Term.objects.published().search("forklift truck"))[0] == forklift
    assert list(forklift.links_to.all()) == [pallet]
    assert list(Term.objects.get(pk=pallet.pk).links_to.all()) == [forklift]
    assert Term.objects.filter(name="Crate").exists()


# Importing into a glossary that already has content


def demo_like_glossary():
    TermFactory(name="Carrier", definition="A company that moves goods.")
    TermLabelFactory(term=TermFactory(name="Consignee"), label="Ship-to party")


CONFLICTING_ROWS = (
    "Carrier,A party that transports goods.,Logistics,x:carrier\n"
    "Carrier,A second meaning.,Logistics,x:carrier-2\n"
    "Ship-to party,The receiver.,Logistics,x:ship-to\n"
    "Crate,A wooden box.,Logistics,x:crate\n"
)


def test_by_default_a_row_named_like_an_existing_term_is_an_error_and_nothing_is_saved(tmp_path):
    demo_like_glossary()
    with pytest.raises(CommandError):
        run_import(write(tmp_path, HEADER + CONFLICTING_ROWS))
    assert not Term.objects.filter(name="Crate").exists()
    assert Term.objects.get(name="Carrier").definition == "A company that moves goods."


def test_skip_invalid_saves_the_valid_rows_and_lists_the_rest(tmp_path):
    demo_like_glossary()
    err = io.StringIO()
    out = io.StringIO()
    call_command(
        "import_terms", write(tmp_path, HEADER + CONFLICTING_ROWS), "--skip-invalid", stdout=out, stderr=err
    )
    assert (
        "4 rows: 1 terms (1 new, 0 changed, 0 unchanged), 0 senses (0 new, 0 changed, 0 unchanged), "
        "3 in error." in out.getvalue()
    )
    assert "Row 1: name: “Carrier” already exists" in err.getvalue()
    assert "Row 2: name: A sense of “Carrier”" in err.getvalue()
    assert "Row 3: name: “Ship-to party” is already an alternate label" in err.getvalue()
    assert Term.objects.filter(name="Crate").exists()
    assert not Term.objects.get(name="Carrier").senses.exists()


def test_on_conflict_skip_leaves_existing_terms_and_their_senses_alone(tmp_path):
    demo_like_glossary()
    out = run_import(write(tmp_path, HEADER + CONFLICTING_ROWS), "--on-conflict", "skip", "--skip-invalid")
    assert "1 terms (1 new, 0 changed, 1 unchanged)" not in out  # the skipped term counts as unchanged
    assert (
        "2 terms (1 new, 0 changed, 1 unchanged), 1 senses (0 new, 0 changed, 1 unchanged), 1 in error."
        in out
    )
    carrier = Term.objects.get(name="Carrier")
    assert carrier.definition == "A company that moves goods." and not carrier.senses.exists()


def test_on_conflict_update_shows_what_changes_in_each_existing_term(tmp_path):
    demo_like_glossary()
    long_definition = "A party that transports goods by road, rail, sea or air for others, for a fee."
    rows = HEADER + f'Carrier,"{long_definition}",Logistics,x:carrier\n'
    out = run_import(write(tmp_path, rows), "--on-conflict", "update")
    assert "1 rows: 1 terms (0 new, 1 changed, 0 unchanged)" in out
    assert (
        "Changed “Carrier”: definition: “A company that moves goods.” → "
        "“A party that transports goods by road, …”" in out
    )
    assert "topics: “” → “Logistics”" in out
    assert Term.objects.get(name="Carrier").definition == long_definition
    assert "0 changed" in run_import(write(tmp_path, rows), "--on-conflict", "update")
