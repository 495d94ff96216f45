import secrets
import time
from decimal import Decimal

import pytest

from courses.models import DiscountTier, Module, Programme
from glossary.derived import bulk_changes
from leads import spam
from tests.admin_forms import inline_management


@pytest.fixture
def programme(db):
    return create_ciop()


def create_ciop():
    """The program the quote form prices, with two discount tiers and thirty modules, its texts
    linked once at the end (as the demo loader does)."""
    with bulk_changes():
        ciop = Programme.objects.create(
            name="Certified Inventory Optimization Professional",
            code="CIOP",
            summary="Thirty modules.",
            price_per_participant=Decimal("1950.00"),
            currency="USD",
            tax_rate=Decimal("10.00"),
            quote_validity_days=30,
        )
        DiscountTier.objects.create(programme=ciop, min_participants=5, percent=Decimal("10"))
        DiscountTier.objects.create(programme=ciop, min_participants=10, percent=Decimal("15"))
        for number in range(1, 31):
            Module.objects.create(
                programme=ciop,
                number=number,
                title=f"Module title {number}",
                slug=f"module-{number}",
                summary=".",
            )
    ciop.refresh_from_db()
    return ciop


def stamp(client, seconds_ago=60):
    """The form's start stamp as the quote page issues it to this client (with its key cookie)."""
    if spam.COOKIE_NAME not in client.cookies:
        client.cookies[spam.COOKIE_NAME] = secrets.token_urlsafe(16)
    return spam.started_stamp(client.cookies[spam.COOKIE_NAME].value, started=time.time() - seconds_ago)


def form_data(**overrides):
    data = {
        "name": "Ada Lovelace",
        "email": "ada@analytical.example",
        "phone": "",
        "company": "Analytical Engines Ltd",
        "job_title": "Supply chain lead",
        "country": "United Kingdom",
        "participants": "6",
        "preferred_format": "online",
        "message": "We plan to start in spring.",
        "consent": "on",
        "website": "",
        "source_page": "/terms/mrp/",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


@pytest.fixture
def submit(client, programme, django_capture_on_commit_callbacks):
    """Post the quote form as a visitor would, running the after-commit emails."""

    def post(**overrides):
        overrides.setdefault("started", stamp(client))
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/ciop/quote/", form_data(**overrides))

    return post


def change_form(lead, **overrides):
    """The admin change form of a lead as sales sends it, with one new note."""
    data = {
        "status": "qualified",
        "owner": "",
        "next_action_on": "2026-12-01",
        "name": lead.name,
        "email": lead.email,
        "phone": "",
        "company": lead.company,
        "job_title": lead.job_title,
        "country": lead.country,
        "preferred_format": lead.preferred_format,
        "message": lead.message,
        **inline_management("notes", total=1),
        "notes-0-text": "Called: they want 8 seats in March.",
        "notes-0-lead": lead.pk,
    }
    data.update(overrides)
    return data
