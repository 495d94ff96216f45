import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from leads.models import Lead, LeadNote
from tests.leads.conftest import change_form

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/leads/lead/"


@pytest.fixture
def lead(submit):
    submit(company='=HYPERLINK("http://evil")')
    return Lead.objects.get()


def test_sales_sees_the_lead_list_with_pipeline_columns(sales_client, lead):
    response = sales_client.get(CHANGELIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ada Lovelace" in html and "/terms/mrp/" in html
    for column in ["column-status", "column-owner", "column-campaign", "column-people"]:
        assert column in html


@pytest.mark.parametrize(
    "query",
    ["?status__exact=new", "?q=analytical", "?country=United+Kingdom", "?source_page=%2Fterms%2Fmrp%2F"],
)
def test_filters_and_search_find_the_lead(sales_client, lead, query):
    assert "Ada Lovelace" in sales_client.get(CHANGELIST + query).content.decode()


def test_an_editor_gets_403_and_anonymous_is_sent_to_log_in(client, editor_client, lead):
    assert editor_client.get(CHANGELIST).status_code == 403
    assert editor_client.get(f"{CHANGELIST}{lead.pk}/change/").status_code == 403
    assert "Quote requests" not in editor_client.get("/admin/").content.decode()
    client.logout()
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_no_one_adds_leads_by_hand(sales_client):
    assert sales_client.get(CHANGELIST + "add/").status_code == 403


def action(sales_client, lead, name):
    return sales_client.post(CHANGELIST, {"action": name, "_selected_action": [lead.pk]})


def test_assign_to_me_and_mark_contacted_are_kept_in_history(sales_client, sales_user, lead):
    action(sales_client, lead, "assign_to_me")
    action(sales_client, lead, "mark_contacted")
    lead.refresh_from_db()
    assert lead.owner == sales_user and lead.status == Lead.Status.CONTACTED
    latest = lead.history.first()
    assert latest.status == "contacted" and latest.history_user == sales_user
    assert sales_client.get(f"{CHANGELIST}{lead.pk}/history/").status_code == 200


def test_mark_spam_hides_the_public_quote(client, sales_client, lead):
    action(sales_client, lead, "mark_spam")
    assert Lead.objects.get().status == Lead.Status.SPAM
    assert client.get(lead.get_absolute_url()).status_code == 404


def test_csv_export_lists_the_selected_leads_without_formulas(sales_client, lead):
    response = action(sales_client, lead, "export_csv")
    assert response["Content-Type"].startswith("text/csv")
    header, row = list(csv.reader(io.StringIO(response.content.decode())))
    assert header[:5] == ["quote_number", "created_at", "status", "owner", "name"]
    assert lead.quote_number in row and "Ada Lovelace" in row
    assert '\'=HYPERLINK("http://evil")' in row


def test_csv_export_adds_owner_source_utm_intake_score_and_utc_times_to_the_second(
    sales_client, sales_user, lead
):
    Lead.objects.filter(pk=lead.pk).update(
        owner=sales_user,
        utm_source="newsletter",
        utm_campaign="spring",
        created_at=datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=ZoneInfo("Europe/Berlin")),
    )
    response = action(sales_client, lead, "export_csv")
    (exported,) = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert exported["created_at"] == "2026-03-01T08:30:15Z"
    assert exported["owner"] == sales_user.username
    assert exported["source_page"] == "/terms/mrp/"
    assert exported["utm_source"] == "newsletter" and exported["utm_campaign"] == "spring"
    assert exported["score"] == str(lead.score) and lead.score > 0
    assert "intake" in exported and "utm_content" in exported
    assert exported["marketing_consent"] == "no"


def test_a_note_gets_its_author_and_snapshots_stay_read_only(sales_client, sales_user, lead):
    total = lead.total
    response = sales_client.post(f"{CHANGELIST}{lead.pk}/change/", change_form(lead, total="1.00"))
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == "qualified" and str(lead.next_action_on) == "2026-12-01"
    assert lead.total == total
    note = LeadNote.objects.get()
    assert note.author == sales_user and "8 seats" in note.text


def test_owner_choices_are_sales_staff_only(sales_client, editor, sales_user, lead):
    form = sales_client.get(f"{CHANGELIST}{lead.pk}/change/").context["adminform"].form
    assert list(form.fields["owner"].queryset) == [sales_user]


def test_sales_group_has_the_lead_and_history_permissions_and_editors_none():
    from django.contrib.auth.models import Group

    sales = set(Group.objects.get(name="Sales").permissions.values_list("codename", flat=True))
    assert {"view_lead", "change_lead", "view_historicallead", "add_leadnote"} <= sales
    editors = Group.objects.get(name="Editors").permissions.filter(content_type__app_label="leads")
    assert not editors.exists()


def test_the_list_shows_the_pipeline_at_a_glance(sales_client, lead):
    Lead.objects.filter(pk=lead.pk).update(utm_campaign="spring")
    html = sales_client.get(CHANGELIST).content.decode()
    for column in [
        "who",
        "status",
        "owner",
        "value",
        "people",
        "chosen_intake",
        "age",
        "score",
        "source_term",
        "campaign",
    ]:
        assert f"column-{column}" in html, column
    assert "USD 11,583.00" in html and "Ada Lovelace" in html
    assert '<td class="field-source_term"><span title="mrp">mrp</span></td>' in html
    assert '<td class="field-chosen_intake">—</td>' in html
    assert '<td class="field-campaign"><span title="spring">spring</span></td>' in html
    assert "lead-overdue" not in html


def test_a_new_lead_older_than_a_working_day_is_marked(sales_client, lead):
    Lead.objects.filter(pk=lead.pk).update(created_at=timezone.now() - timezone.timedelta(days=5))
    assert "lead-overdue" in sales_client.get(CHANGELIST).content.decode()
    Lead.objects.filter(pk=lead.pk).update(status=Lead.Status.CONTACTED)
    assert "lead-overdue" not in sales_client.get(CHANGELIST).content.decode()


def test_a_working_day_skips_the_weekend():
    friday = datetime(2026, 12, 4, 16, 0, tzinfo=timezone.get_current_timezone())
    assert Lead(created_at=friday).new_deadline.date() == date(2026, 12, 7)  # Monday


def test_the_list_sorts_and_filters_by_score(sales_client, submit, lead):
    submit(email="big@example.com", participants="40", preferred_format="in_company")
    response = sales_client.get(CHANGELIST + "?o=-8")
    assert [row.email for row in response.context["cl"].result_list] == ["big@example.com", lead.email]
    filtered = sales_client.get(CHANGELIST + "?score_band=high").context["cl"].result_list
    assert [row.email for row in filtered] == ["big@example.com"]


def test_the_lead_page_starts_with_the_pipeline_and_notes_in_money_without_developer_hints(
    sales_client, lead
):
    html = sales_client.get(f"{CHANGELIST}{lead.pk}/change/").content.decode()
    assert html.index('name="status"') < html.index("notes-0-text") < html.index("What the visitor sent")
    assert "USD 11,583.00" in html and "USD 1,950.00" in html
    assert "manage.py" not in html
    assert "Why this score" in html and "6 participants (5 to 9)" in html


def test_what_the_visitor_sent_cannot_be_changed(sales_client, lead):
    sales_client.post(f"{CHANGELIST}{lead.pk}/change/", change_form(lead, name="Someone Else", email="x@y.z"))
    lead.refresh_from_db()
    assert lead.name == "Ada Lovelace" and lead.email == "ada@analytical.example"
    assert lead.status == "qualified"


def test_the_admin_index_tells_sales_how_many_leads_are_new_and_the_oldest_age(sales_client, submit, lead):
    Lead.objects.filter(pk=lead.pk).update(created_at=timezone.now() - timezone.timedelta(hours=30))
    submit(email="second@example.com")
    html = sales_client.get("/admin/").content.decode()
    assert "New leads: <strong>2</strong>, oldest 30 h" in html
    assert f'href="{CHANGELIST}?status__exact=new&amp;o=-7"' in html
    listed = sales_client.get(CHANGELIST + "?status__exact=new&o=-7").context["cl"].result_list
    assert [row.pk for row in listed][0] == lead.pk  # oldest first


def test_editors_never_see_the_new_lead_count(editor_client, lead):
    assert "New leads" not in editor_client.get("/admin/").content.decode()


def test_sales_cannot_delete_a_lead_but_can_erase_it_after_confirming(sales_client, lead):
    assert sales_client.get(f"{CHANGELIST}{lead.pk}/delete/").status_code == 403
    actions = dict(sales_client.get(CHANGELIST).context["action_form"].fields["action"].choices)
    assert "delete_selected" not in actions and "erase" in actions
    confirm = sales_client.post(CHANGELIST, {"action": "erase", "_selected_action": [lead.pk]})
    assert confirm.status_code == 200 and "cannot be undone" in confirm.content.decode()
    assert Lead.objects.filter(pk=lead.pk).exists()
    sales_client.post(CHANGELIST, {"action": "erase", "_selected_action": [lead.pk], "post": "yes"})
    assert not Lead.objects.filter(pk=lead.pk).exists()
    assert not Lead.history.filter(id=lead.pk).exists()
