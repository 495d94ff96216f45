"""The CIOP program: its modules, the faculty who teach it and the video series that promotes it."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from base.dates import long_date
from base.links import path_template
from glossary.models import Term

from .images import attach_renditions, store_without_metadata, validate_photo

YOUTUBE_VIDEO_ID = RegexValidator(r"^[A-Za-z0-9_-]{11}$", "A YouTube video id is 11 letters, digits, - or _.")
YOUTUBE_PLAYLIST_ID = RegexValidator(
    r"^[A-Za-z0-9_-]{12,64}$", "A YouTube playlist id is 12 to 64 letters, digits, - or _ (e.g. PL...)."
)
MIN_OUTCOMES, MAX_OUTCOMES = 3, 5


def percent_text(value):
    """10.00 -> "10", 12.50 -> "12.5": percentages as people write them."""
    return f"{Decimal(str(value)).normalize():f}"


class ProgrammeQuerySet(models.QuerySet):
    def current(self):
        """The program the site promotes and quotes (None before one is entered): the first one
        entered. Every page, the sidebar, the sitemap and the quote form choose it here."""
        return self.order_by("pk").first()


class Programme(models.Model):
    """A certification program such as CIOP, with the price facts every quote is built from."""

    name = models.CharField(max_length=200, help_text="The program's full name, as on the certificate.")
    code = models.CharField(max_length=20, unique=True, help_text="Short code, e.g. CIOP.")
    summary = models.TextField(help_text="One paragraph, shown beside every term.")
    summary_html = models.TextField(blank=True, editable=False)
    description = models.TextField(blank=True, help_text="The full description, in Markdown.")
    description_html = models.TextField(blank=True, editable=False)
    audience = models.TextField("who it is for", blank=True, help_text="Who the program is for, in Markdown.")
    audience_html = models.TextField(blank=True, editable=False)
    offers_online = models.BooleanField("online", default=True, help_text="Offered as live online classes.")
    offers_classroom = models.BooleanField(
        "classroom", default=True, help_text="Offered in a classroom at a public venue."
    )
    offers_in_company = models.BooleanField(
        "in-company", default=True, help_text="Offered at a customer's own site for its staff."
    )
    total_hours = models.PositiveSmallIntegerField(
        default=0, help_text="Teaching hours of the whole program."
    )
    exam_facts = models.TextField(blank=True, help_text="How the exam works: format, length, pass mark.")
    certificate_facts = models.TextField(
        blank=True, help_text="What the certificate says and how long it is valid."
    )
    price_per_participant = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        help_text="Before tax and discounts, in the currency below. Quotes already sent keep their price.",
    )
    currency = models.CharField(max_length=3, default="USD", help_text="ISO 4217 code, e.g. USD or EUR.")
    tax_rate = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Percent added to the discounted price, e.g. 18 for 18 %.",
    )
    quote_validity_days = models.PositiveSmallIntegerField(
        default=30, help_text="How long a downloaded quote stays valid."
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["summary_html", "description_html", "audience_html", "updated_at"]
    )

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "program"

    def __str__(self):
        return f"{self.name} ({self.code})"

    def get_absolute_url(self):
        return reverse("courses:programme")

    @property
    def formats(self):
        offered = [
            (self.offers_online, "Online"),
            (self.offers_classroom, "Classroom"),
            (self.offers_in_company, "In-company"),
        ]
        return [label for flag, label in offered if flag]


class DiscountTier(models.Model):
    """A group discount: from this many participants, this percent off the price."""

    programme = models.ForeignKey(
        Programme,
        verbose_name="program",
        on_delete=models.CASCADE,
        related_name="discount_tiers",
        help_text="The program it applies to.",
    )
    min_participants = models.PositiveSmallIntegerField(
        "from participants",
        validators=[MinValueValidator(2)],
        help_text="The discount applies from this many participants on one quote (at least 2).",
    )
    percent = models.DecimalField(
        "discount (%)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Taken off the price per participant, e.g. 10 for 10 %.",
    )

    class Meta:
        ordering = ["min_participants"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "min_participants"], name="discount_tier_unique")
        ]

    def __str__(self):
        return f"{self.min_participants}+ participants: {percent_text(self.percent)} % off"


class FAQ(models.Model):
    programme = models.ForeignKey(
        Programme,
        verbose_name="program",
        on_delete=models.CASCADE,
        related_name="faqs",
        help_text="The program page that shows it.",
    )
    question = models.CharField(
        max_length=300, help_text="As a reader would ask it, ending with a question mark."
    )
    answer = models.TextField(help_text="A short, plain answer; glossary terms it mentions are linked.")
    answer_html = models.TextField(blank=True, editable=False)
    display_order = models.PositiveSmallIntegerField(
        default=0, help_text="Questions are listed from the lowest number to the highest."
    )

    class Meta:
        ordering = ["display_order", "pk"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self):
        return self.question


class ModuleQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by("number")


class Module(models.Model):
    """One of the program's modules, taught in a fixed order (1 to 30 for CIOP)."""

    class Track(models.TextChoices):
        CORE = "core", "Core supply chain"
        EMERGING = "emerging", "Emerging topics"

    programme = models.ForeignKey(
        Programme,
        verbose_name="program",
        on_delete=models.CASCADE,
        related_name="modules",
        help_text="The program it belongs to.",
    )
    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(30)], help_text="Position in the program, 1-30."
    )
    title = models.CharField(max_length=200, help_text="The module's title, without its number.")
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The last part of the module's address, e.g. “demand-planning” in "
        "/ciop/modules/demand-planning/.",
    )
    summary = models.TextField(help_text="Two or three sentences on what the module covers.")
    summary_html = models.TextField(blank=True, editable=False)
    outcomes = models.TextField(
        help_text=f"Learning outcomes, one per line: {MIN_OUTCOMES} to {MAX_OUTCOMES}.", blank=True
    )
    outcomes_html = models.TextField(blank=True, editable=False)
    description = models.TextField(
        blank=True, help_text="Optional: a longer description in Markdown, shown on the module page."
    )
    description_html = models.TextField(blank=True, editable=False)
    hours = models.DecimalField(
        max_digits=5, decimal_places=1, default=Decimal("0"), help_text="Teaching hours, e.g. 4.5."
    )
    track = models.CharField(
        max_length=10,
        choices=Track.choices,
        default=Track.CORE,
        help_text="Blockchain, IoT, RPA, machine learning and AI belong to emerging topics.",
    )
    key_terms = models.ManyToManyField(
        Term,
        blank=True,
        related_name="modules",
        help_text="Glossary terms the module teaches: at least 10. Their pages say "
        "“Covered in CIOP module N”.",
    )

    objects = ModuleQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["summary_html", "outcomes_html", "description_html"])

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"],
                name="module_number_unique",
                violation_error_message="This program already has a module with this number.",
            )
        ]

    def __str__(self):
        return f"Module {self.number}: {self.title}"

    def get_absolute_url(self):
        # Not reverse() each time: /ciop/ lists 30 modules, and reversing was a tenth of its render.
        return path_template("courses:module_detail").format(self.slug)

    def self_test_cards(self):
        """Flash cards from the key terms' own definitions: each term asks for its definition, then
        each definition asks for its term (with the term's name blanked out, so it gives nothing away)."""
        terms = list(self.key_terms.all())
        return [SelfTestCard("term", term.name, term.definition, term) for term in terms] + [
            SelfTestCard("definition", blank_out(term.name, term.definition), term.name, term)
            for term in terms
        ]

    @property
    def outcome_list(self):
        return [line.strip() for line in self.outcomes.splitlines() if line.strip()]

    def clean(self):
        if self.outcomes and not MIN_OUTCOMES <= len(self.outcome_list) <= MAX_OUTCOMES:
            raise ValidationError(
                {"outcomes": f"Give {MIN_OUTCOMES} to {MAX_OUTCOMES} learning outcomes, one per line."}
            )


class FacultyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True).order_by("display_order", "name")


class FacultyMember(models.Model):
    """A practitioner who teaches CIOP modules."""

    name = models.CharField(max_length=200, help_text="Full name as the person writes it.")
    slug = models.SlugField(
        "address",
        max_length=200,
        unique=True,
        help_text="The last part of the profile's address, e.g. “ada-lovelace”. Filled from the name.",
    )
    photo = models.ImageField(
        upload_to="faculty/",
        blank=True,
        validators=[validate_photo],
        help_text="JPEG, PNG or WebP, at most 5 MB and 25 megapixels. Location data is removed.",
    )
    photo_small = models.ImageField(upload_to="faculty/renditions/", blank=True, editable=False)
    photo_medium = models.ImageField(upload_to="faculty/renditions/", blank=True, editable=False)
    headline = models.CharField(max_length=200, help_text="One line, e.g. 'Supply chain consultant'.")
    biography = models.TextField(help_text="A short paragraph in the third person: experience and focus.")
    years_of_experience = models.PositiveSmallIntegerField(
        default=0, help_text="Years of work in supply chain; 0 hides the figure."
    )
    expertise = models.CharField(
        "areas of expertise", max_length=300, blank=True, help_text="Comma-separated, e.g. 'MRP, lean'."
    )
    modules = models.ManyToManyField(
        Module, blank=True, related_name="faculty", help_text="The CIOP modules this person teaches."
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Untick to hide the profile without deleting it."
    )
    is_sample = models.BooleanField(
        "sample profile", default=False, help_text="Demo profiles of invented people are marked on the site."
    )
    display_order = models.PositiveSmallIntegerField(
        default=0, help_text="Faculty are listed from the lowest number to the highest."
    )

    objects = FacultyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name = "faculty member"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.photo and not self.photo._committed:
            attach_renditions(self)
        elif not self.photo:
            self.photo_small = self.photo_medium = ""
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return path_template("courses:faculty_detail").format(self.slug)

    @property
    def expertise_list(self):
        return [item.strip() for item in self.expertise.split(",") if item.strip()]


class VideoSeries(models.Model):
    """A playlist, such as "One-Minute Supply Chain Facts" in the CIOP Knowledge Series."""

    title = models.CharField(max_length=200, help_text="The series' name, as on YouTube.")
    collection = models.CharField(max_length=200, blank=True, help_text="e.g. CIOP Knowledge Series.")
    description = models.TextField(blank=True, help_text="Optional: one or two sentences on the series.")
    playlist_id = models.CharField(
        "YouTube playlist id",
        max_length=64,
        validators=[YOUTUBE_PLAYLIST_ID],
        help_text="From the playlist's address: the part after list=, e.g. PLxxxxxxxx.",
    )

    class Meta:
        verbose_name_plural = "video series"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:videos")

    @property
    def playlist_url(self):
        return f"https://www.youtube.com/playlist?list={self.playlist_id}"


class VideoQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_on__lte=timezone.localdate()).order_by("-published_on", "-pk")


class Video(models.Model):
    series = models.ForeignKey(
        VideoSeries, on_delete=models.CASCADE, related_name="videos", help_text="The series it belongs to."
    )
    title = models.CharField(max_length=200, help_text="The video's title, as on YouTube.")
    youtube_id = models.CharField(
        "YouTube video id",
        max_length=11,
        validators=[YOUTUBE_VIDEO_ID],
        help_text="The 11 characters after v= in the video's address.",
    )
    published_on = models.DateField(
        help_text="The newest video published by today is the 'most recent video'."
    )
    duration = models.DurationField(help_text="e.g. 00:01:00 for one minute.")
    transcript = models.TextField(
        blank=True,
        help_text="Optional: what is said, for readers who cannot play it; glossary terms it mentions "
        "are linked.",
    )
    transcript_html = models.TextField(blank=True, editable=False)
    is_sample = models.BooleanField(
        "sample video",
        default=False,
        help_text="A demo video with no real address: the site shows its transcript, not a player.",
    )
    related_terms = models.ManyToManyField(
        Term,
        blank=True,
        related_name="videos",
        help_text="Glossary terms the video explains; it shows on their pages.",
    )
    module = models.ForeignKey(
        Module,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="videos",
        help_text="Optional: the CIOP module it belongs to.",
    )

    objects = VideoQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:videos") + f"#video-{self.youtube_id}"

    @property
    def watch_url(self):
        return f"https://www.youtube.com/watch?v={self.youtube_id}&list={self.series.playlist_id}"

    @property
    def embed_url(self):
        return f"https://www.youtube-nocookie.com/embed/{self.youtube_id}?autoplay=1"

    @property
    def duration_label(self):
        minutes, seconds = divmod(int(self.duration.total_seconds()), 60)
        return f"{minutes}:{seconds:02d}"


class IntakeQuerySet(models.QuerySet):
    def upcoming(self):
        """What the public sees: runs that start today or later, soonest first. A run leaves the
        site the day after it starts, with no cron and no editor."""
        return self.filter(starts_on__gte=timezone.localdate()).order_by("starts_on", "pk")

    def open_for_applications(self):
        """Upcoming runs a visitor can still choose on the quote form: before the application
        deadline, and not full."""
        return self.upcoming().filter(apply_by__gte=timezone.localdate()).exclude(seats_left=0)


class Intake(models.Model):
    """One run of the program: a format, a start date, an application deadline and the seats left."""

    class Format(models.TextChoices):
        ONLINE = "online", "Online"
        CLASSROOM = "classroom", "Classroom"
        IN_COMPANY = "in_company", "In-company"

    programme = models.ForeignKey(
        Programme,
        verbose_name="program",
        on_delete=models.CASCADE,
        related_name="intakes",
        help_text="The program this run teaches.",
    )
    name = models.CharField(
        max_length=100,
        blank=True,
        help_text="Optional: what your team calls this run, e.g. 'Evening cohort'. Shown on the site "
        "and on quotes.",
    )
    format = models.CharField(
        max_length=12,
        choices=Format.choices,
        default=Format.ONLINE,
        help_text="How this run is taught; a quote for this run uses this format.",
    )
    starts_on = models.DateField(
        "start date", help_text="The first day of teaching. The run leaves the site the day after."
    )
    apply_by = models.DateField(
        "application deadline",
        help_text="The last day to apply. After it the run is still listed, but no longer offered on "
        "the quote form.",
    )
    seats_left = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Leave empty for open enrollment; 0 marks the run full (no longer offered on the "
        "quote form).",
    )
    location = models.CharField(
        max_length=200,
        blank=True,
        help_text="City and venue for classroom runs, e.g. 'Chicago, Loop campus'. Leave empty for "
        "online runs.",
    )
    price_per_participant = models.DecimalField(
        "price override",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Optional: a price per participant for this run only. Empty: the program's price "
        "is quoted.",
    )

    objects = IntakeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(apply_by__lte=models.F("starts_on")),
                name="intake_apply_by_before_start",
                violation_error_message="The application deadline must be on or before the start date.",
            ),
            models.UniqueConstraint(
                fields=["programme", "name"],
                condition=~models.Q(name=""),
                name="intake_name_unique",
                violation_error_message="This program already has a run with this name.",
            ),
        ]

    def __str__(self):
        where = f" in {self.location}" if self.location else ""
        label = f"{self.get_format_display()}{where}, starts {long_date(self.starts_on)}"
        return f"{self.name}: {label}" if self.name else label

    def get_absolute_url(self):
        return reverse("courses:programme") + "#intakes"

    def clean(self):
        if self.format == self.Format.CLASSROOM and not self.location:
            raise ValidationError({"location": "Say where a classroom run takes place."})

    @property
    def seats_label(self):
        if self.seats_left is None:
            return "Open"
        return "Full" if self.seats_left == 0 else f"{self.seats_left} seats left"

    @property
    def applications_closed(self):
        return self.apply_by < timezone.localdate()

    @property
    def place_label(self):
        return self.location or "Online"


class TestimonialQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True).order_by("display_order", "pk")


class Testimonial(models.Model):
    """What a participant said about the program, published only with their consent."""

    name = models.CharField(max_length=120, help_text="The participant's name as they agreed to show it.")
    role = models.CharField(max_length=120, help_text="Job title, e.g. 'Inventory planner'.")
    company = models.CharField(max_length=160, help_text="Their employer when they took the program.")
    quote = models.TextField(max_length=600, help_text="Their own words, at most 600 characters.")
    photo = models.ImageField(
        upload_to="testimonials/",
        blank=True,
        validators=[validate_photo],
        help_text="Optional. JPEG, PNG or WebP, at most 5 MB and 25 megapixels. Location data is removed.",
    )
    consented_on = models.DateField(
        "consent date", help_text="The day the person agreed in writing to have this published."
    )
    is_published = models.BooleanField("published", default=False, help_text="Shown on the CIOP page.")
    is_sample = models.BooleanField(
        "sample", default=False, help_text="Invented for the demo; marked as a sample on the site."
    )
    display_order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are shown first.")

    objects = TestimonialQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order", "pk"]

    def __str__(self):
        return f"{self.name}, {self.company}"

    def save(self, *args, **kwargs):
        if self.photo and not self.photo._committed:
            store_without_metadata(self.photo, slugify(self.name) or "testimonial")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("courses:programme") + "#testimonials"


@dataclass(frozen=True)
class SelfTestCard:
    asks_for: str  # "term": the prompt is a term, the answer its definition; "definition": the reverse
    prompt: str
    answer: str
    term: object


def blank_out(name, text):
    return re.sub(re.escape(name), "…", text, flags=re.IGNORECASE)
