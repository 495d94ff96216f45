"""Quote requests ("leads"): what the visitor asked, the quote they downloaded, and the sales work on it."""

import secrets

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

MAX_PARTICIPANTS = 500


def new_token():
    return secrets.token_urlsafe(32)


class LeadQuerySet(models.QuerySet):
    def for_email(self, email):
        return self.filter(email__iexact=email.strip())

    def recent_original_for(self, email, minutes):
        since = timezone.now() - timezone.timedelta(minutes=minutes)
        return self.for_email(email).filter(created_at__gte=since, duplicate_of=None).order_by("-created_at")

    def awaiting_email(self):
        return self.filter(models.Q(auto_reply_sent_at=None) | models.Q(sales_notified_at=None)).exclude(
            status=Lead.Status.SPAM
        )

    def older_than(self, days):
        return self.filter(created_at__lt=timezone.now() - timezone.timedelta(days=days))

    def next_quote_number(self, year):
        prefix = f"Q-{year}-"
        latest = self.filter(quote_number__startswith=prefix).aggregate(models.Max("quote_number"))
        last = int(latest["quote_number__max"].removeprefix(prefix)) if latest["quote_number__max"] else 0
        return f"{prefix}{last + 1:06d}"

    def erase(self):
        """Delete these leads and their notes, every history row that holds their data, and the
        visitor's words in the admin's action log (which keeps only the quote number); returns how
        many leads there were. Every way a lead leaves (admin delete, purge, erasure) comes here."""
        ids = list(self.values_list("pk", flat=True))
        quote_number = Lead.objects.filter(pk=Cast(OuterRef("object_id"), models.BigIntegerField()))
        with transaction.atomic():
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Lead), object_id__in=[str(pk) for pk in ids]
            ).update(object_repr=Subquery(quote_number.values("quote_number")[:1]), change_message="")
            self.filter(pk__in=ids).delete()  # deleting writes history rows: remove them after
            LeadNote.history.filter(lead_id__in=ids).delete()
            Lead.history.filter(id__in=ids).delete()
        return len(ids)


class Lead(models.Model):
    """A visitor's quote request. The quote figures are a snapshot: later price changes never touch them."""

    class Format(models.TextChoices):
        ONLINE = "online", "Online"
        CLASSROOM = "classroom", "Classroom"
        IN_COMPANY = "in_company", "In-company"

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        QUALIFIED = "qualified", "Qualified"
        PROPOSAL_SENT = "proposal_sent", "Proposal sent"
        WON = "won", "Won"
        LOST = "lost", "Lost"
        SPAM = "spam", "Spam"

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    # What the visitor typed
    name = models.CharField(max_length=120)
    email = models.EmailField("work email", max_length=254, db_index=True)
    phone = models.CharField(max_length=40, blank=True)
    company = models.CharField(max_length=160)
    job_title = models.CharField(max_length=120)
    country = models.CharField(max_length=80)
    participants = models.PositiveSmallIntegerField(
        "number of participants", validators=[MinValueValidator(1), MaxValueValidator(MAX_PARTICIPANTS)]
    )
    preferred_format = models.CharField(max_length=12, choices=Format.choices, default=Format.ONLINE)
    intake = models.ForeignKey(
        "courses.Intake",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
        help_text="The run the visitor chose; empty: not sure yet.",
    )
    message = models.TextField(blank=True, max_length=2000)
    marketing_opt_in = models.BooleanField(
        default=False, help_text="The visitor agreed to receive news and offers by email."
    )

    # Consent and visit snapshots
    consent_text = models.TextField(help_text="The exact consent text the visitor accepted.")
    consent_version = models.CharField(max_length=20)
    consented_at = models.DateTimeField()
    source_page = models.CharField(max_length=500, blank=True, help_text="The page the visitor came from.")
    utm_source = models.CharField("UTM source", max_length=100, blank=True)
    utm_medium = models.CharField("UTM medium", max_length=100, blank=True)
    utm_campaign = models.CharField("UTM campaign", max_length=100, blank=True)
    utm_term = models.CharField("UTM term", max_length=100, blank=True)
    utm_content = models.CharField("UTM content", max_length=100, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        help_text="The earlier request from the same email this one repeats.",
    )

    # Quote snapshot
    quote_number = models.CharField(max_length=20, unique=True, help_text="e.g. Q-2026-000123.")
    programme = models.ForeignKey(
        "courses.Programme", null=True, on_delete=models.SET_NULL, related_name="leads"
    )
    programme_name = models.CharField(max_length=200)
    programme_code = models.CharField(max_length=20)
    modules = models.JSONField(default=list, help_text="The module titles as quoted, in order.")
    intake_label = models.CharField(
        "intake", max_length=300, blank=True, help_text="The chosen run as quoted; empty: not sure yet."
    )
    currency = models.CharField(max_length=3)
    price_per_participant = models.DecimalField(max_digits=10, decimal_places=2)
    subtotal = models.DecimalField(max_digits=12, decimal_places=2)
    discount_percent = models.DecimalField(max_digits=5, decimal_places=2)
    discount_amount = models.DecimalField(max_digits=12, decimal_places=2)
    tax_rate = models.DecimalField(max_digits=5, decimal_places=2)
    tax_amount = models.DecimalField(max_digits=12, decimal_places=2)
    total = models.DecimalField(max_digits=12, decimal_places=2)
    valid_until = models.DateField()

    # Sales pipeline
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
        help_text="The sales person who works this request.",
    )
    next_action_on = models.DateField("next action", null=True, blank=True, help_text="When to follow up.")

    # Emails
    sales_notified_at = models.DateTimeField(null=True, blank=True)
    auto_reply_sent_at = models.DateTimeField(null=True, blank=True)
    email_error = models.TextField(
        blank=True, help_text="The last email failure; `manage.py resend_lead_emails` retries."
    )

    history = HistoricalRecords()
    objects = LeadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at", "status"])]

    def __str__(self):
        return f"{self.name}, {self.company} ({self.quote_number})"

    def get_absolute_url(self):
        return reverse("leads:thanks", args=[self.token])

    def get_pdf_url(self):
        return reverse("leads:quote_pdf", args=[self.token])

    @property
    def is_expired(self):
        return timezone.localdate() > self.valid_until


class LeadNote(models.Model):
    """A sales person's note on a lead; the author is whoever wrote it in the admin."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    text = models.TextField(help_text="What happened, what was agreed, what is next.")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Note by {self.author or 'unknown'} on {self.created_at:%Y-%m-%d}"
