import io
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from base.pdf.fonts import document_fonts
from leads.forms import CONSENT_TEXT, CONSENT_VERSION
from leads.models import Lead
from tests.factories import TermFactory
from tests.leads.conftest import create_ciop, form_data, stamp

pytestmark = pytest.mark.django_db


def pdf_text(response):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_form_shows_every_field_with_a_label_and_remembers_the_source_page(client, programme):
    response = client.get("/ciop/quote/?from=/terms/mrp/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    for field in ["name", "email", "phone", "company", "job_title", "country", "participants", "message"]:
        assert f'for="id_{field}"' in html
    assert CONSENT_TEXT in html and 'href="/privacy/"' in html
    assert 'name="marketing_opt_in"' in html and 'name="marketing_opt_in" checked' not in html
    assert 'value="/terms/mrp/"' in html
    assert "In-company" in html and "Classroom" in html


@pytest.mark.parametrize("source", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_a_foreign_source_page_is_dropped(client, programme, source):
    form = client.get("/ciop/quote/", {"from": source}).context["form"]
    assert form.initial["source_page"] == ""


def test_form_page_query_count_is_pinned(client, programme, django_assert_num_queries):
    with django_assert_num_queries(3):  # the program, its discount tiers and its open intakes
        client.get("/ciop/quote/")


def test_happy_path_saves_the_lead_with_snapshots_and_offers_the_pdf(client, programme, submit):
    client.get("/terms/mrp/?utm_source=newsletter&utm_medium=email&utm_campaign=spring&utm_term=mrp")
    response = submit(marketing_opt_in="on")
    lead = Lead.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ciop/quote/{lead.token}/"
    assert len(lead.token) >= 40
    assert (lead.name, lead.company, lead.participants) == ("Ada Lovelace", "Analytical Engines Ltd", 6)
    assert lead.marketing_opt_in
    assert (lead.consent_text, lead.consent_version) == (CONSENT_TEXT, CONSENT_VERSION)
    assert lead.source_page == "/terms/mrp/"
    assert (lead.utm_source, lead.utm_medium, lead.utm_campaign, lead.utm_term) == (
        "newsletter",
        "email",
        "spring",
        "mrp",
    )
    assert lead.total == Decimal("11583.00") and lead.discount_percent == Decimal("10")
    assert lead.quote_number == f"Q-{timezone.now().year}-000001"
    assert lead.valid_until == timezone.localdate() + timezone.timedelta(days=30)
    assert len(lead.modules) == 30

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Thank you, Ada Lovelace" in thanks.content.decode()
    assert (
        "USD 11,583.00" in thanks.content.decode()
        and "after a 10 % group discount" in thanks.content.decode()
    )
    pdf = client.get(lead.get_pdf_url())
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf)
    assert "Ada Lovelace" in text and "Analytical Engines Ltd" in text
    assert "USD 11,583.00" in text and lead.quote_number in text
    assert "Module title 30" in text
    assert "Group discount (10 %)" in text and "Tax (10 %)" in text


def test_quote_figures_never_change_when_the_price_does(client, programme, submit):
    submit()
    programme.price_per_participant = Decimal("99.00")
    programme.save()
    lead = Lead.objects.get()
    assert lead.total == Decimal("11583.00")
    assert "USD 11,583.00" in pdf_text(client.get(lead.get_pdf_url()))


def test_visitor_gets_an_auto_reply_with_the_link_and_sales_a_notification(submit, settings):
    settings.LEADS_NOTIFY_EMAILS = ["desk@example.com"]
    submit()
    lead = Lead.objects.get()
    sales, reply = mail.outbox
    assert sales.to == ["desk@example.com"] and lead.quote_number in sales.subject
    assert reply.to == ["ada@analytical.example"]
    assert f"/ciop/quote/{lead.token}/" in reply.body and "USD 11,583.00" in reply.body
    assert lead.sales_notified_at and lead.auto_reply_sent_at and not lead.email_error


def test_an_expired_quote_says_so_with_410(client, submit):
    submit()
    lead = Lead.objects.get()
    Lead.objects.filter(pk=lead.pk).update(valid_until=timezone.localdate() - timezone.timedelta(days=1))
    for url in [lead.get_absolute_url(), lead.get_pdf_url()]:
        response = client.get(url)
        assert response.status_code == 410
        assert "This quote has expired" in response.content.decode()


def test_an_unknown_token_is_404(client, programme):
    assert client.get("/ciop/quote/not-a-real-token/").status_code == 404
    assert client.get("/ciop/quote/not-a-real-token/quote.pdf").status_code == 404


def test_a_repeat_from_the_same_email_is_linked_and_does_not_notify_sales_again(submit):
    submit()
    submit(participants="12", email="ADA@analytical.example")
    first, repeat = Lead.objects.order_by("pk")
    assert repeat.duplicate_of == first and first.duplicate_of is None
    assert repeat.total != first.total  # the visitor still gets the quote they asked for
    assert [message.to[0].lower() for message in mail.outbox].count("ada@analytical.example") == 2
    assert len(mail.outbox) == 3


def test_the_same_email_after_the_window_is_a_new_lead(submit, settings):
    submit()
    Lead.objects.update(
        created_at=timezone.now() - timezone.timedelta(minutes=settings.LEADS_DUPLICATE_MINUTES + 1)
    )
    submit()
    assert Lead.objects.filter(duplicate_of=None).count() == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required."),
        ("email", "not-an-email", "Enter a valid email address."),
        ("participants", "0", "greater than or equal to 1"),
        ("participants", "501", "less than or equal to 500"),
        ("participants", "many", "Enter a whole number."),
        ("preferred_format", "carrier-pigeon", "Select a valid choice."),
        ("consent", None, "Please tick this box"),
        ("name", "x" * 5000, "Ensure this value has at most 120 characters"),
        ("message", "y" * 3000, "Ensure this value has at most 2000 characters"),
        ("company", "Evil\x07Corp", "invisible control characters"),
        ("name", "Null\x00Byte", "Null characters are not allowed."),
    ],
)
def test_invalid_input_is_kept_and_explained_per_field(submit, field, value, message):
    response = submit(**{field: value})
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert form["job_title"].value() == "Supply chain lead"
    assert "Please correct the fields marked below" in response.content.decode()
    assert not Lead.objects.exists()


def test_a_message_may_have_line_breaks(submit):
    submit(message="Line one\r\nLine two\ttabbed")
    assert Lead.objects.get().message == "Line one\r\nLine two\ttabbed"


def test_a_forged_source_page_is_not_stored(submit):
    submit(source_page="https://evil.example/")
    assert Lead.objects.get().source_page == ""


def test_a_filled_honeypot_is_blocked_politely_and_logged(submit, caplog):
    response = submit(website="http://spam.example")
    assert response.status_code == 400
    assert "We could not accept this request" in response.content.decode()
    assert "Quote request blocked" in caplog.text
    assert not Lead.objects.exists()


def test_a_form_sent_too_fast_is_blocked_and_the_human_can_retry(client, submit):
    response = submit(started=stamp(client, seconds_ago=0))
    assert response.status_code == 400
    assert "quicker than we expected" in response.content.decode()
    form = response.context["form"]
    assert form["name"].value() == "Ada Lovelace"
    assert not Lead.objects.exists()
    retry = submit(started=stamp(client, seconds_ago=10))
    assert retry.status_code == 302 and Lead.objects.count() == 1


@pytest.mark.parametrize("started", ["", "forged-timestamp", None])
def test_a_missing_or_forged_timestamp_is_blocked(submit, started):
    response = submit(started=started)
    assert response.status_code == 400
    assert "This form has expired" in response.content.decode()
    assert not Lead.objects.exists()


def test_an_ip_that_posts_too_often_gets_429_and_can_retry_later(submit, settings):
    from django.core.cache import cache

    settings.LEADS_RATE_LIMIT = (2, 600)
    submit(email="one@example.com")
    submit(email="two@example.com")
    response = submit(email="three@example.com")
    assert response.status_code == 429
    assert "Please try again in 10 minutes" in response.content.decode()
    assert Lead.objects.count() == 2
    cache.clear()  # the window has passed
    assert submit(email="three@example.com").status_code == 302


def test_posts_with_form_errors_do_not_use_up_the_rate_limit(submit, settings):
    assert settings.LEADS_RATE_LIMIT[0] == 5
    for _ in range(5):
        assert submit(email="not-an-email").status_code == 400
    assert submit().status_code == 302
    assert Lead.objects.count() == 1


def test_a_flood_of_rejected_posts_gets_429(submit, settings):
    limit = settings.LEADS_REJECTED_RATE_LIMIT[0]
    for number in range(limit):
        rejected = submit(email="typo") if number % 2 else submit(website="http://spam.example")
        assert rejected.status_code == 400
    response = submit()
    assert response.status_code == 429
    assert "Please try again in 10 minutes" in response.content.decode()
    assert response.context["form"]["name"].value() == "Ada Lovelace"
    assert not Lead.objects.exists()


def hidden_stamp(response):
    return response.context["form"]["started"].value()


def test_a_stamp_issued_to_one_browser_is_refused_in_another(client, submit, programme):
    elsewhere = Client()
    issued = hidden_stamp(elsewhere.get("/ciop/quote/"))
    client.get("/ciop/quote/")
    response = submit(started=issued)
    assert response.status_code == 400
    assert "This form has expired: it was opened in another browser" in response.content.decode()
    assert response.context["form"]["name"].value() == "Ada Lovelace"
    assert hidden_stamp(response) != issued
    assert not Lead.objects.exists()


def test_a_stamp_older_than_an_hour_is_refused_with_a_fresh_form(client, submit, settings):
    assert settings.LEADS_MAX_FORM_AGE_SECONDS == 60 * 60
    response = submit(started=stamp(client, seconds_ago=60 * 60 + 5))
    assert response.status_code == 400
    html = response.content.decode()
    assert "This form has expired: it was open for more than 60 minutes" in html
    assert "Your details are kept below" in html
    assert response.context["form"]["job_title"].value() == "Supply chain lead"
    assert not Lead.objects.exists()
    settings.LEADS_MIN_FILL_SECONDS = 0  # the visitor reads the message before sending again
    assert submit(started=hidden_stamp(response)).status_code == 302


def test_behind_a_proxy_each_visitor_has_a_rate_limit_of_their_own(
    client, programme, settings, django_capture_on_commit_callbacks
):
    settings.LEADS_RATE_LIMIT = (1, 600)
    # What the settings make of DJANGO_PROXY_COUNT=1, as behind deploy/nginx.conf:
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

    def post_from(address, email):
        with django_capture_on_commit_callbacks(execute=True):
            data = form_data(email=email, started=stamp(client))
            return client.post("/ciop/quote/", data, headers={"X-Forwarded-For": address})

    assert post_from("203.0.113.7", "one@example.com").status_code == 302
    assert post_from("198.51.100.2", "two@example.com").status_code == 302
    assert post_from("203.0.113.7", "three@example.com").status_code == 429


def test_a_wrong_content_type_is_415(client, programme):
    response = client.post("/ciop/quote/", data='{"name": "x"}', content_type="application/json")
    assert response.status_code == 415
    assert "Please send the quote form from our web page" in response.content.decode()


def test_a_huge_body_is_400_not_500(client, programme, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client.post("/ciop/quote/", form_data(padding="z" * 20_000))
    assert response.status_code == 400
    assert not Lead.objects.exists()


def test_a_missing_csrf_token_gets_a_friendly_403(programme):
    response = Client(enforce_csrf_checks=True).post("/ciop/quote/", form_data())
    assert response.status_code == 403
    assert "Please send the form again" in response.content.decode()
    assert not Lead.objects.exists()


def test_a_real_browser_flow_with_csrf_token_works(programme, django_capture_on_commit_callbacks):
    browser = Client(enforce_csrf_checks=True)
    browser.get("/ciop/quote/")
    token = browser.cookies["csrftoken"].value
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post("/ciop/quote/", form_data(csrfmiddlewaretoken=token, started=stamp(browser)))
    assert response.status_code == 302


def test_spam_leads_have_no_public_quote(client, submit):
    submit()
    lead = Lead.objects.get()
    Lead.objects.update(status=Lead.Status.SPAM)
    assert client.get(lead.get_absolute_url()).status_code == 404


def test_privacy_page_says_what_is_kept_and_for_how_long(client, settings):
    settings.LEADS_RETENTION_DAYS = 730
    html = client.get("/privacy/").content.decode()
    assert "What we keep" in html and "730 days" in html


def test_term_sidebar_and_programme_page_link_to_the_quote_form(client, programme):
    term = TermFactory(name="Material requirements planning")
    assert (
        f'href="/ciop/quote/?from={term.get_absolute_url()}"'
        in client.get(term.get_absolute_url()).content.decode()
    )
    assert 'href="/ciop/quote/?from=/ciop/"' in client.get("/ciop/").content.decode()


def test_the_quote_form_is_an_indexable_landing_page_with_one_canonical_address(client, programme):
    response = client.get("/ciop/quote/?from=/terms/mrp/")
    html = response.content.decode()
    assert 'name="robots"' not in html and "X-Robots-Tag" not in response
    assert '<link rel="canonical" href="http://127.0.0.1:8000/ciop/quote/">' in html
    assert (
        '<meta name="description" content="Download a personalized quote for the Certified Inventory '
        "Optimization Professional (CIOP): USD 1,950.00 per participant, less for groups. "
        'Fill in the form and your PDF quote opens at once.">'
    ) in html


def test_the_sitemap_lists_the_quote_form_while_there_is_a_programme_to_quote(client, db):
    assert "/ciop/quote/" not in client.get("/sitemap.xml").content.decode()
    programme = create_ciop()
    sitemap = client.get("/sitemap.xml").content.decode()
    lastmod = programme.updated_at.date().isoformat()
    assert f"<loc>http://127.0.0.1:8000/ciop/quote/</loc><lastmod>{lastmod}" in sitemap
    assert "/ciop/quote/confirm/" not in sitemap


def test_the_thank_you_page_and_the_pdf_are_private(client, submit):
    thanks = submit()["Location"]
    for response in [client.get(thanks), client.get(thanks + "quote.pdf")]:
        assert response["Cache-Control"] == "private, no-store"
        assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex, nofollow">' in client.get(thanks).content.decode()


def test_quote_form_states_price_tax_and_discounts_as_people_write_them(client, programme):
    html = client.get("/ciop/quote/").content.decode()
    assert "plus 10 % tax" in html and "5+ participants: 10 % off" in html and "15 % off" in html
    assert ".00 %" not in html


@pytest.mark.parametrize(
    ("name", "company"),
    [
        ("山田 太郎", "Ф株式会社"),
        ("Ελένη Παπαδοπούλου", "Łukasz i Synowie"),
        ("Ирина Петрова", "김치 주식회사"),
    ],
)
def test_quote_pdf_draws_names_in_any_script(client, submit, name, company):
    if document_fonts().fallback is None:
        pytest.skip("The quote fonts are not installed: run scripts/system-deps.sh fonts.")
    submit(name=name, company=company)
    text = pdf_text(client.get(Lead.objects.get().get_pdf_url()))
    assert name in text and company in text


def test_the_quote_form_binds_its_stamp_with_a_cookie_of_its_own_not_a_session(client, programme):
    response = client.get("/ciop/quote/")
    cookie = response.cookies["quote_form"]
    assert cookie["path"] == "/ciop/quote/" and cookie["httponly"]
    assert "sessionid" not in response.cookies  # a session would keep later pages out of the page cache
    again = client.get("/ciop/quote/")
    assert "quote_form" not in again.cookies  # the key stays the same for the visit
