"""Quote requests ("leads"): what the visitor asked, the quote they downloaded, and the sales work on it."""

import secrets
from datetime import UTC

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

MAX_PARTICIPANTS = 500
# Words in a job title that mark someone who can buy training for a team.
DECISION_MAKER_WORDS = {"head", "director", "chief", "vp", "vice", "manager", "lead", "owner", "founder"}
SCORE_BANDS = {"high": (50, None), "medium": (25, 50), "low": (0, 25)}
MARKETING_CONFIRM_SALT = "leads.marketing-confirmation"


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

    def new(self):
        return self.filter(status=Lead.Status.NEW)

    def new_summary(self):
        """{"count": N, "oldest_hours": H} of the new requests (H is None when there are none)."""
        waiting = self.new().aggregate(count=models.Count("pk"), oldest=models.Min("created_at"))
        oldest = waiting["oldest"]
        hours = int((timezone.now() - oldest).total_seconds() // 3600) if oldest else None
        return {"count": waiting["count"], "oldest_hours": hours}

    def with_score_band(self, band):
        low, high = SCORE_BANDS[band]
        scored = self.filter(score__gte=low)
        return scored if high is None else scored.filter(score__lt=high)

    def expire_unconfirmed_marketing(self, days):
        """Withdraw marketing consent that was never confirmed within `days`; returns how many."""
        since = timezone.now() - timezone.timedelta(days=days)
        unconfirmed = self.filter(marketing_opt_in=True, marketing_confirmed_at=None, consented_at__lt=since)
        return unconfirmed.update(marketing_opt_in=False)

    def rescore(self):
        """Score these leads again by today's rules (`Lead.scoring`), without a history row or a
        webhook event: the score is ours, not a change to the request. Returns how many."""
        count = 0
        for lead in self.iterator():
            lead.apply_score()
            Lead.objects.filter(pk=lead.pk).update(score=lead.score, score_reasons=lead.score_reasons)
            count += 1
        return count

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
        default=False,
        help_text="The visitor ticked the box for news and offers; it counts only once confirmed by email.",
    )
    marketing_confirmed_at = models.DateTimeField(
        "marketing consent confirmed",
        null=True,
        blank=True,
        help_text="When the visitor confirmed the news-and-offers consent from the link in their email.",
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
        "courses.Programme",
        verbose_name="program",
        null=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    programme_name = models.CharField("program name", max_length=200)
    programme_code = models.CharField("program code", max_length=20)
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
    score = models.PositiveSmallIntegerField(
        default=0,
        db_index=True,
        help_text="How promising the request looks; the reasons are listed below it.",
    )
    score_reasons = models.JSONField(
        default=list, help_text="Each rule that added points, as [points, reason]."
    )

    # Emails
    sales_notified_at = models.DateTimeField(null=True, blank=True)
    auto_reply_sent_at = models.DateTimeField(null=True, blank=True)
    email_error = models.TextField(
        blank=True, help_text="The last email failure, if any; an administrator can send the emails again."
    )

    history = HistoricalRecords()
    objects = LeadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at", "status"])]

    def __str__(self):
        return f"{self.name}, {self.company} ({self.quote_number})"

    def save(self, *args, **kwargs):
        """Score a new request; queue a webhook event for a new lead or a new status, in the same
        transaction as the save (the outbox), so that no event is lost or sent for a rollback."""
        event = None
        if self._state.adding:
            self.apply_score()
            event = WebhookDelivery.Event.CREATED
        elif getattr(self, "saved_status", self.status) != self.status:
            event = WebhookDelivery.Event.STATUS_CHANGED
        with transaction.atomic():
            super().save(*args, **kwargs)
            if event:
                WebhookDelivery.objects.record(self, event)
        self.saved_status = self.status

    def get_absolute_url(self):
        return reverse("leads:thanks", args=[self.token])

    def get_pdf_url(self):
        return reverse("leads:quote_pdf", args=[self.token])

    @classmethod
    def from_db(cls, db, field_names, values):
        lead = super().from_db(db, field_names, values)
        lead.saved_status = lead.__dict__.get("status")
        return lead

    def apply_score(self):
        self.score_reasons = self.scoring()
        self.score = sum(points for points, _ in self.score_reasons)

    def scoring(self):
        """The lead score's rules, all here: fit, then engagement. Returns [points, reason] pairs;
        README "Lead score" lists them."""
        return self.fit_reasons() + self.engagement_reasons()

    def fit_reasons(self):
        """Group size, a job title that can buy for a team, the in-company format."""
        reasons = []
        for minimum, points, size in [(10, 30, "10 or more"), (5, 20, "5 to 9"), (2, 10, "2 to 4")]:
            if self.participants >= minimum:
                reasons.append([points, f"{self.participants} participants ({size})"])
                break
        title_words = set(self.job_title.lower().replace("-", " ").replace(",", " ").split())
        if title_words & DECISION_MAKER_WORDS:
            reasons.append([15, f"Job title suggests a decision maker ({self.job_title})"])
        if self.preferred_format == Lead.Format.IN_COMPANY:
            reasons.append([20, "Asks for an in-company course"])
        return reasons

    def engagement_reasons(self):
        """Earlier requests from the same email; the glossary page read before asking (the only
        page of the visit that is recorded)."""
        reasons = []
        before = Lead.objects.for_email(self.email).filter(created_at__lt=self.created_at).exclude(pk=self.pk)
        earlier = before.count() if self.email else 0
        if earlier:
            plural = "s" if earlier > 1 else ""
            reasons.append([min(earlier, 2) * 10, f"Asked before ({earlier} earlier request{plural})"])
        if self.source_page:
            reasons.append([5, f"Read {self.source_page} before asking"])
        return reasons

    @property
    def is_expired(self):
        return timezone.localdate() > self.valid_until

    def money(self, amount):
        """An amount as sales read it: "USD 23,400.00"."""
        return f"{self.currency} {amount:,.2f}"

    @property
    def source_term(self):
        """The glossary term's slug when the visitor came from a term page, else the page."""
        prefix = "/terms/"
        if self.source_page.startswith(prefix):
            return self.source_page.removeprefix(prefix).strip("/")
        return self.source_page

    @property
    def new_deadline(self):
        """A new request should be answered within one working day (Monday to Friday)."""
        deadline = timezone.localtime(self.created_at) + timezone.timedelta(days=1)
        while deadline.weekday() >= 5:
            deadline += timezone.timedelta(days=1)
        return deadline

    @property
    def is_overdue(self):
        return self.status == Lead.Status.NEW and timezone.now() > self.new_deadline

    @property
    def has_marketing_consent(self):
        """Marketing consent counts only once the visitor confirmed it from the email's link."""
        return self.marketing_opt_in and self.marketing_confirmed_at is not None

    def marketing_confirmation_code(self):
        """The lead's token, signed with the time: the confirmation link's only secret."""
        return signing.TimestampSigner(salt=MARKETING_CONFIRM_SALT).sign(self.token)

    def get_marketing_confirmation_url(self):
        return reverse("leads:confirm_marketing", args=[self.marketing_confirmation_code()])

    def confirm_marketing(self):
        if self.marketing_opt_in and self.marketing_confirmed_at is None:
            self.marketing_confirmed_at = timezone.now()
            with transaction.atomic():
                self.save(update_fields=["marketing_confirmed_at"])
                WebhookDelivery.objects.record(self, WebhookDelivery.Event.MARKETING_CONFIRMED)

    def webhook_payload(self, event):
        """What the CRM receives: the lead, its consent record and its UTM fields, as they are now."""
        return {
            "event": event,
            "occurred_at": iso_utc(timezone.now()),
            "lead": {
                "quote_number": self.quote_number,
                "created_at": iso_utc(self.created_at),
                "status": self.status,
                "owner": self.owner.get_username() if self.owner_id else None,
                "name": self.name,
                "email": self.email,
                "phone": self.phone,
                "company": self.company,
                "job_title": self.job_title,
                "country": self.country,
                "participants": self.participants,
                "preferred_format": self.preferred_format,
                "intake": self.intake_label or None,
                "message": self.message,
                "programme_code": self.programme_code,
                "currency": self.currency,
                "total": str(self.total),
                "score": self.score,
                "source_page": self.source_page,
            },
            "consent": {
                "text": self.consent_text,
                "version": self.consent_version,
                "consented_at": iso_utc(self.consented_at),
                "marketing": self.has_marketing_consent,
                "marketing_confirmed_at": iso_utc(self.marketing_confirmed_at),
            },
            "utm": {name: getattr(self, name) for name in UTM_FIELDS},
        }


def marketing_confirmation_token(code):
    """The lead token in a confirmation link; raises signing.SignatureExpired once the unconfirmed
    consent has lapsed, signing.BadSignature for a link that is not ours."""
    max_age = timezone.timedelta(days=settings.LEADS_MARKETING_CONFIRM_DAYS)
    return signing.TimestampSigner(salt=MARKETING_CONFIRM_SALT).unsign(code, max_age=max_age)


UTM_FIELDS = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"]


def iso_utc(moment):
    """ISO 8601 in UTC to the second ("2026-12-05T12:00:00Z"), or None."""
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


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


class WebhookDeliveryQuerySet(models.QuerySet):
    def record(self, lead, event):
        """Queue an event for the CRM when a webhook address is set; the worker sends it after
        the transaction commits. Does nothing when the webhook is off (the default)."""
        if not settings.LEADS_WEBHOOK_URL:
            return None
        from .tasks import deliver_webhooks  # the task module imports these models

        delivery = self.create(lead=lead, event=event, payload=lead.webhook_payload(event))
        transaction.on_commit(lambda: deliver_webhooks.enqueue(lead.pk))
        return delivery

    def unsent(self):
        return self.filter(state=WebhookDelivery.State.PENDING).order_by("pk")


class WebhookDelivery(models.Model):
    """One event for the CRM's webhook (the outbox): saved with the change it reports, then
    sent by the background worker, retried with growing pauses, each lead's events in order."""

    class Event(models.TextChoices):
        CREATED = "lead.created", "Lead created"
        STATUS_CHANGED = "lead.status_changed", "Status changed"
        MARKETING_CONFIRMED = "lead.marketing_confirmed", "Marketing consent confirmed"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (gave up)"

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="webhook_deliveries")
    event = models.CharField(max_length=40, choices=Event.choices)
    payload = models.JSONField(help_text="The JSON sent, as it was when the event happened.")
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True, help_text="A worker is sending it until then.")
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"

    def __str__(self):
        return f"{self.get_event_display()}: {self.get_state_display()}"
