import csv

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from glossary.spreadsheets import csv_cell

from .models import SCORE_BANDS, UTM_FIELDS, Lead, LeadNote, iso_utc

QUOTE_FIELDS = [
    "quote_number",
    "created_at",
    "programme",
    "programme_name",
    "programme_code",
    "intake_label",
    "price_per_participant_money",
    "participants",
    "subtotal_money",
    "discount_percent",
    "discount_amount_money",
    "tax_rate",
    "tax_amount_money",
    "total_money",
    "valid_until",
]
CONSENT_FIELDS = [
    "consent_text",
    "consent_version",
    "consented_at",
    "marketing_opt_in",
    "marketing_confirmed_at",
    "source_page",
    *UTM_FIELDS,
    "user_agent",
    "duplicate_of",
]
EMAIL_FIELDS = ["sales_notified_at", "auto_reply_sent_at", "email_error"]
VISITOR_FIELDS = ["name", "email", "phone", "company", "job_title", "country", "preferred_format", "message"]
SCORE_FIELDS = ["score", "score_explained"]
WEBHOOK_COLUMNS = ["Event", "State", "Attempts", "Sent, or next try", "Last error"]
CSV_FIELDS = [
    "quote_number",
    "created_at",
    "status",
    "owner",
    *VISITOR_FIELDS,
    "participants",
    "intake",
    "total",
    "currency",
    "score",
    "source_page",
    *UTM_FIELDS,
    "marketing_consent",
    "marketing_confirmed_at",
]


def csv_value(lead, name):
    """A lead's value for the export: times in UTC to the second, consent only once confirmed."""
    if name == "intake":
        return lead.intake_label
    if name == "owner":
        return lead.owner.get_username() if lead.owner_id else ""
    if name == "marketing_consent":
        return "yes" if lead.has_marketing_consent else "no"
    value = getattr(lead, name)
    return iso_utc(value) if hasattr(value, "astimezone") else value


def full_on_hover(text):
    """A cell the list may cut short (sales_desk.css) keeps its whole text in a tooltip."""
    return format_html('<span title="{}">{}</span>', text, text) if text else "—"


def money_display(field_name):
    label = Lead._meta.get_field(field_name).verbose_name

    @admin.display(description=label)
    def display(self, lead):
        return lead.money(getattr(lead, field_name))

    return display


class ScoreBandFilter(admin.SimpleListFilter):
    title = "score"
    parameter_name = "score_band"

    def lookups(self, request, model_admin):
        return [
            (band, f"{band.capitalize()} ({low}{f'–{high - 1}' if high else '+'})")
            for band, (low, high) in SCORE_BANDS.items()
        ]

    def queryset(self, request, queryset):
        return queryset.with_score_band(self.value()) if self.value() in SCORE_BANDS else queryset


class LeadNoteInline(admin.TabularInline):
    model = LeadNote
    extra = 1
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


@admin.register(Lead)
class LeadAdmin(SimpleHistoryAdmin):
    list_display = [
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
    ]
    list_display_links = ["who"]
    empty_value_display = "—"
    list_filter = [
        "status",
        ("owner", admin.RelatedOnlyFieldListFilter),
        ScoreBandFilter,
        "created_at",
        "country",
        "source_page",
        "utm_campaign",
        ("duplicate_of", admin.EmptyFieldListFilter),
    ]
    search_fields = ["name", "email", "company", "quote_number"]
    list_select_related = ["owner"]
    date_hierarchy = "created_at"
    readonly_fields = [
        *VISITOR_FIELDS,
        *QUOTE_FIELDS,
        *CONSENT_FIELDS,
        *EMAIL_FIELDS,
        *SCORE_FIELDS,
        "webhook",
    ]
    inlines = [LeadNoteInline]
    actions = ["assign_to_me", "mark_contacted", "mark_spam", "export_csv", "erase"]
    fieldsets = [
        ("Pipeline", {"fields": ["status", "owner", "next_action_on"]}),
        ("Score", {"fields": SCORE_FIELDS}),
        ("What the visitor sent (read-only)", {"fields": VISITOR_FIELDS}),
        ("Quote (as sent, never changes)", {"fields": QUOTE_FIELDS}),
        ("Consent and visit", {"fields": CONSENT_FIELDS}),
        ("Emails", {"fields": EMAIL_FIELDS}),
        ("Sent to the CRM", {"fields": ["webhook"]}),
    ]

    class Media:
        css = {"all": ["leads/sales_desk.css"]}

    price_per_participant_money = money_display("price_per_participant")
    subtotal_money = money_display("subtotal")
    discount_amount_money = money_display("discount_amount")
    tax_amount_money = money_display("tax_amount")
    total_money = money_display("total")

    def has_add_permission(self, request):
        return False  # leads come from the public form only

    @admin.display(description="Who", ordering="name")
    def who(self, lead):
        return format_html('{}<br><span class="lead-company">{}</span>', lead.name, lead.company)

    @admin.display(description="Value", ordering="total")
    def value(self, lead):
        return lead.money(lead.total)

    @admin.display(description="Participants", ordering="participants")
    def people(self, lead):
        return lead.participants

    @admin.display(description="Campaign", ordering="utm_campaign")
    def campaign(self, lead):
        return full_on_hover(lead.utm_campaign)

    @admin.display(description="Intake")
    def chosen_intake(self, lead):  # not `intake`: the model's field of that name would win
        return full_on_hover(lead.intake_label)

    @admin.display(description="Age", ordering="-created_at")
    def age(self, lead):
        hours = int((timezone.now() - lead.created_at).total_seconds() // 3600)
        text = f"{hours} h" if hours < 48 else f"{hours // 24} d"
        if lead.is_overdue:
            return format_html(
                '<span class="lead-overdue" title="New for over a working day">{}</span>', text
            )
        return text

    @admin.display(description="Source term", ordering="source_page")
    def source_term(self, lead):
        return full_on_hover(lead.source_term)

    @admin.display(description="Why this score")
    def score_explained(self, lead):
        if not lead.score_reasons:
            return "No rule added points."
        return format_html(
            "<ul class='lead-score-reasons'>{}</ul>",
            format_html_join(
                "", "<li>+{} {}</li>", ((points, reason) for points, reason in lead.score_reasons)
            ),
        )

    @admin.display(description="Webhook deliveries")
    def webhook(self, lead):
        deliveries = lead.webhook_deliveries.all()
        if not deliveries:
            return "None: the webhook is off, or nothing happened yet."
        rows = format_html_join(
            "",
            '<tr class="webhook-{}"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
            (
                (
                    delivery.state,
                    delivery.get_event_display(),
                    delivery.get_state_display(),
                    delivery.attempts,
                    timezone.localtime(
                        delivery.sent_at or delivery.next_attempt_at or delivery.created_at
                    ).strftime("%Y-%m-%d %H:%M"),
                    delivery.last_error or "—",
                )
                for delivery in deliveries
            ),
        )
        head = "".join(f"<th>{name}</th>" for name in WEBHOOK_COLUMNS)
        return format_html(
            '<table class="webhook-deliveries">{}{}</table>', mark_safe(f"<tr>{head}</tr>"), rows
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner":  # a short list of the sales team; they cannot browse all users
            kwargs["queryset"] = get_user_model().objects.filter(groups__name="Sales", is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def delete_model(self, request, obj):
        Lead.objects.filter(pk=obj.pk).erase()

    def delete_queryset(self, request, queryset):
        queryset.erase()

    def save_formset(self, request, form, formset, change):
        for note in formset.save(commit=False):
            if note.author_id is None:
                note.author = request.user
            note.save()
        for note in formset.deleted_objects:
            note.delete()

    def update_each(self, request, queryset, message, **values):
        """Save one by one so that every change lands in the history with its author."""
        for lead in queryset:
            for name, value in values.items():
                setattr(lead, name, value)
            lead.save(update_fields=list(values))
        self.message_user(request, message.format(count=len(queryset)), messages.SUCCESS)

    @admin.action(description="Assign to me")
    def assign_to_me(self, request, queryset):
        self.update_each(request, queryset, "{count} request(s) assigned to you.", owner=request.user)

    @admin.action(description="Mark contacted")
    def mark_contacted(self, request, queryset):
        self.update_each(
            request, queryset, "{count} request(s) marked contacted.", status=Lead.Status.CONTACTED
        )

    @admin.action(description="Mark spam")
    def mark_spam(self, request, queryset):
        self.update_each(request, queryset, "{count} request(s) marked spam.", status=Lead.Status.SPAM)

    @admin.action(description="Export selected to CSV")
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="leads-{timezone.localdate()}.csv"'
        writer = csv.writer(response)
        writer.writerow(CSV_FIELDS)
        for lead in queryset.select_related("owner").order_by("created_at"):
            writer.writerow([csv_cell(csv_value(lead, name)) for name in CSV_FIELDS])
        return response

    @admin.action(description="Erase personal data (with history)", permissions=["change"])
    def erase(self, request, queryset):
        """The person asked to be forgotten: after a confirmation page, the requests, notes and
        every history row go; the action log keeps only the quote numbers."""
        if request.POST.get("post") == "yes":
            count = queryset.erase()
            self.message_user(request, f"{count} request(s) erased with their history.", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Erase personal data?",
            "opts": self.model._meta,
            "queryset": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/leads/lead/erase_confirmation.html", context)
