import time
from decimal import Decimal

import pytest
from django.core import signing

from courses.models import DiscountTier, Module, Programme
from leads import spam


@pytest.fixture
def programme(db):
    return create_ciop()


def create_ciop():
    """The programme the quote form prices, with two discount tiers and thirty modules."""
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
    return ciop


def stamp(seconds_ago=60):
    return signing.dumps(time.time() - seconds_ago, salt=spam.SALT)


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
        "started": stamp(),
        "source_page": "/terms/mrp/",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


@pytest.fixture
def submit(client, programme, django_capture_on_commit_callbacks):
    """Post the quote form as a visitor would, running the after-commit emails."""

    def post(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/ciop/quote/", form_data(**overrides))

    return post
