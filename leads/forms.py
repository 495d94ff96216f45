"""The quote request form: what the visitor types, the consent they give, and the spam traps."""

import unicodedata

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy

from base.dates import long_date
from courses.models import Intake

from .models import MAX_PARTICIPANTS, Lead

CONSENT_VERSION = "2026-11"
CONSENT_TEXT = (
    "I agree that TermiKnowledge keeps the details in this form to prepare my quote and to contact me "
    "about it, as described in the privacy notice."
)
TEXT_FIELDS = ["name", "email", "phone", "company", "job_title", "country", "message"]


def reject_control_characters(value, allowed=""):
    if any(unicodedata.category(char) == "Cc" and char not in allowed for char in value):
        raise ValidationError("Please remove the invisible control characters from this field.")


def safe_source_page(path):
    """A local path such as /terms/mrp/, or an empty string for anything else."""
    path = (path or "").strip()[:500]
    local = path.startswith("/") and url_has_allowed_host_and_scheme(path, allowed_hosts=None)
    return path if local and not any(unicodedata.category(char) == "Cc" for char in path) else ""


def intake_choice_label(intake):
    """The run with what a buyer weighs: seats, deadline and, when it differs, its price."""
    parts = [str(intake), intake.seats_label.lower(), f"apply by {long_date(intake.apply_by)}"]
    if intake.price_per_participant is not None:
        parts.append(f"{intake.programme.currency} {intake.price_per_participant:,.2f} per participant")
    return " · ".join(parts)


class LeadForm(forms.ModelForm):
    consent = forms.BooleanField(
        required=True,
        label=format_lazy(
            '{} <a href="{}">Read the privacy notice</a>.',
            CONSENT_TEXT,
            reverse_lazy("leads:privacy"),
        ),
        error_messages={"required": "Please tick this box so that we may keep your details for the quote."},
    )
    website = forms.CharField(required=False, label="Leave this field empty")
    started = forms.CharField(required=False, widget=forms.HiddenInput)  # checked by the spam rules
    source_page = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Lead
        fields = [
            "name",
            "email",
            "phone",
            "company",
            "job_title",
            "country",
            "participants",
            "preferred_format",
            "intake",
            "message",
            "marketing_opt_in",
        ]
        labels = {
            "name": "Your name",
            "phone": "Phone (optional)",
            "message": "Message (optional)",
            "job_title": "Job title",
            "marketing_opt_in": "Send me occasional news and offers about CIOP by email (optional).",
        }
        help_texts = {
            "email": "Your work address; the quote link is sent here.",
            "participants": f"1 to {MAX_PARTICIPANTS}. Group discounts start at 5 participants.",
            "intake": "Choosing a run quotes its format and price.",
            "marketing_opt_in": "",
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 4}),
            "preferred_format": forms.RadioSelect,
        }

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        intake = self.fields["intake"]
        intake.queryset = (
            Intake.objects.open_for_applications().filter(programme=programme).select_related("programme")
        )
        intake.empty_label = "Not sure yet"
        intake.label_from_instance = intake_choice_label
        self.fields["consent"].label = mark_safe(self.fields["consent"].label)  # our own constant text
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["company"].widget.attrs["autocomplete"] = "organization"
        self.fields["country"].widget.attrs["autocomplete"] = "country-name"
        self.fields["participants"].initial = 1
        self.fields["participants"].widget.attrs.update(min=1, max=MAX_PARTICIPANTS)
        self.helper = self.build_helper()

    def build_helper(self):
        helper = FormHelper()
        helper.form_action = reverse_lazy("leads:quote")
        helper.layout = Layout(
            Row(Column("name"), Column("email")),
            Row(Column("company"), Column("job_title")),
            Row(Column("phone"), Column("country")),
            Row(Column("participants"), Column("preferred_format")),
            "intake",
            "message",
            "consent",
            "marketing_opt_in",
            Div(
                Field("website", tabindex="-1", autocomplete="off"),
                css_class="visually-hidden",
                aria_hidden="true",
            ),
            "started",
            "source_page",
            HTML('<p class="small text-body-secondary">Your quote opens as soon as you send the form.</p>'),
            Submit("submit", "Send and download the quote"),
        )
        return helper

    def clean(self):
        cleaned = super().clean()
        for name in TEXT_FIELDS:
            value = cleaned.get(name)
            if value:
                try:
                    reject_control_characters(value, allowed="\n\r\t" if name == "message" else "")
                except ValidationError as error:
                    self.add_error(name, error)
        cleaned["source_page"] = safe_source_page(cleaned.get("source_page"))
        if cleaned.get("intake"):  # a run is taught in one format: the quote follows it
            cleaned["preferred_format"] = cleaned["intake"].format
        return cleaned
