"""What a buyer meets on the way to a quote: the intake they choose, the figures, the PDF's wording,
the errors of an empty form and the way back to the term they came from."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from leads.models import Lead
from leads.pdf import render_quote
from tests.factories import IntakeFactory, TermFactory
from tests.leads.conftest import stamp
from tests.leads.test_views import pdf_text

pytestmark = pytest.mark.django_db


def pdf_text_of(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def days(number):
    return timezone.localdate() + timezone.timedelta(days=number)


@pytest.fixture
def classroom(programme):
    return IntakeFactory(
        programme=programme,
        name="Spring cohort",
        format="classroom",
        location="Chicago",
        starts_on=days(60),
        apply_by=days(45),
        price_per_participant=Decimal("1750.00"),
    )


def test_the_form_offers_open_intakes_and_not_sure_yet(client, programme, classroom):
    IntakeFactory(programme=programme, name="Deadline passed", starts_on=days(10), apply_by=days(-1))
    IntakeFactory(programme=programme, name="Full", seats_left=0)
    IntakeFactory(programme=programme, name="Started", starts_on=days(-3), apply_by=days(-10))
    html = client.get("/ciop/quote/").content.decode()
    assert "Not sure yet" in html
    assert "Spring cohort: Classroom in Chicago, starts" in html
    assert "USD 1,750.00 per participant" in html
    for closed in ["Deadline passed", "Full", "Started"]:
        assert closed not in html


def test_the_sales_notification_names_the_intake(submit, classroom, mailoutbox):
    submit(intake=str(classroom.pk))
    [notification] = [mail for mail in mailoutbox if mail.subject.startswith("Quote request")]
    assert f"Intake: {classroom}" in notification.body


def test_a_chosen_intake_is_stored_priced_and_named_in_the_pdf(client, submit, classroom):
    assert submit(intake=str(classroom.pk), participants="1").status_code == 302
    lead = Lead.objects.get()
    assert lead.intake == classroom and lead.intake_label == str(classroom)
    assert lead.preferred_format == "classroom"  # the run's format, whatever was ticked
    assert lead.price_per_participant == Decimal("1750.00")  # the run's price override
    assert lead.total == Decimal("1925.00")  # plus 10 % tax
    text = pdf_text(client.get(lead.get_pdf_url()))
    assert "Intake: Spring cohort: Classroom in Chicago, starts" in " ".join(text.split())


def test_the_quote_keeps_the_intake_it_named_when_the_run_changes(submit, classroom):
    submit(intake=str(classroom.pk))
    classroom.delete()
    lead = Lead.objects.get()
    assert lead.intake is None and lead.intake_label.startswith("Spring cohort")


def test_not_sure_yet_quotes_the_programme_price(client, submit, classroom):
    submit(intake="")
    lead = Lead.objects.get()
    assert lead.intake is None and lead.intake_label == ""
    assert lead.price_per_participant == Decimal("1950.00")
    assert "Intake: not chosen yet." in pdf_text(client.get(lead.get_pdf_url()))


def test_an_intake_that_closed_meanwhile_is_a_field_error(submit, programme):
    closed = IntakeFactory(programme=programme, starts_on=days(5), apply_by=days(-1))
    response = submit(intake=str(closed.pk))
    assert response.status_code == 400
    assert response.context["form"].errors["intake"]
    assert not Lead.objects.exists()


def test_the_sales_view_names_the_intake(sales_client, submit, classroom):
    submit(intake=str(classroom.pk))
    lead = Lead.objects.get()
    html = sales_client.get(f"/admin/leads/lead/{lead.pk}/change/").content.decode()
    assert "Spring cohort: Classroom in Chicago" in html


def test_an_empty_submission_shows_field_errors_only(client, programme):
    response = client.post("/ciop/quote/", {"started": stamp(client, seconds_ago=0)})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Please correct the fields marked below" in html
    assert response.context["form"].errors["name"]
    assert "quicker than we expected" not in html and not response.context["blocked"]


def test_the_thank_you_page_says_the_total_includes_tax(client, submit):
    response = client.get(submit().url)
    text = " ".join(response.content.decode().split())
    assert "USD 11,583.00, tax included (10 %: USD 1,053.00)" in text


def test_the_thank_you_page_links_back_to_the_term_the_visitor_came_from(client, submit):
    TermFactory(name="Material requirements planning", slug="mrp")
    response = client.get(submit(source_page="/terms/mrp/").url)
    assert '<a href="/terms/mrp/">Back to Material requirements planning</a>' in response.content.decode()


def test_the_thank_you_page_has_no_way_back_without_a_source(client, submit):
    response = client.get(submit(source_page="").url)
    assert "Back to" not in response.content.decode()


def test_on_a_phone_the_price_comes_before_the_submit_button(client, programme):
    html = client.get("/ciop/quote/").content.decode()
    assert html.index('id="price-heading"') < html.index('name="submit"')


def test_the_pdf_writes_dates_one_way_and_carries_the_wordmark(client, submit):
    submit()
    lead = Lead.objects.get()
    lead.created_at = datetime.datetime(2026, 12, 5, 12, tzinfo=datetime.UTC)
    lead.valid_until = datetime.date(2027, 1, 4)
    text = " ".join(pdf_text_of(render_quote(lead)).split())
    assert "Issued 5 December 2026. Valid until 4 January 2027." in text
    assert "TermiKnowledge" in text
