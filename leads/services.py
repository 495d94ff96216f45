"""Saving a quote request: the lead, its snapshots and its quote in one transaction, then the emails."""

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from . import quotes, tasks
from .forms import CONSENT_TEXT, CONSENT_VERSION, LeadForm
from .middleware import SESSION_KEY, UTM_FIELDS
from .models import Lead


def quote_snapshot(programme, participants, intake=None):
    """The figures as quoted: the chosen run's own price when it has one, else the program's."""
    tiers = [(tier.min_participants, tier.percent) for tier in programme.discount_tiers.all()]
    price = programme.price_per_participant
    if intake is not None and intake.price_per_participant is not None:
        price = intake.price_per_participant
    figures = quotes.calculate(price, participants, tiers, programme.tax_rate)
    return {
        "programme": programme,
        "programme_name": programme.name,
        "programme_code": programme.code,
        "modules": [f"{module.number}. {module.title}" for module in programme.modules.in_order()],
        "intake_label": str(intake) if intake else "",
        "currency": programme.currency,
        "price_per_participant": figures.price_per_participant,
        "subtotal": figures.subtotal,
        "discount_percent": figures.discount_percent,
        "discount_amount": figures.discount_amount,
        "tax_rate": figures.tax_rate,
        "tax_amount": figures.tax_amount,
        "total": figures.total,
        "valid_until": timezone.localdate() + timezone.timedelta(days=programme.quote_validity_days),
    }


def visit_snapshot(request, source_page):
    utm = request.session.get(SESSION_KEY, {})
    return {
        "source_page": source_page,
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        **{name: utm.get(name, "")[:100] for name in UTM_FIELDS},
    }


def submit_lead(data, programme, visit, attempts=3):
    """Save the lead first (a quote number clash under concurrency is retried), then queue its emails."""
    fields = {name: data[name] for name in LeadForm.Meta.fields}
    snapshot = quote_snapshot(programme, data["participants"], data.get("intake"))
    for attempt in range(attempts):
        try:
            return save_lead(fields, snapshot, visit)
        except IntegrityError:
            if attempt == attempts - 1:
                raise


QUOTE_NUMBER_LOCK = 4_242_001  # any constant: names the PostgreSQL advisory lock below


def lock_quote_numbers():
    """On PostgreSQL, hand out quote numbers one transaction at a time (SQLite already serializes
    writes): without it, concurrent posts read the same highest number and clash more often than
    the retries absorb. The lock is released when the transaction ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [QUOTE_NUMBER_LOCK])


def save_lead(fields, snapshot, visit):
    with transaction.atomic():
        lock_quote_numbers()
        now = timezone.now()
        earlier = Lead.objects.recent_original_for(fields["email"], settings.LEADS_DUPLICATE_MINUTES).first()
        lead = Lead.objects.create(
            **fields,
            **snapshot,
            **visit,
            created_at=now,
            consent_text=CONSENT_TEXT,
            consent_version=CONSENT_VERSION,
            consented_at=now,
            duplicate_of=earlier,
            quote_number=Lead.objects.next_quote_number(now.year),
        )
        transaction.on_commit(lambda: tasks.send_lead_emails.enqueue(lead.pk))
    return lead
