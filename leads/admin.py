import csv

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from glossary.spreadsheets import csv_cell

from .models import Lead, LeadNote

QUOTE_FIELDS = [
    "quote_number",
    "created_at",
    "programme",
    "programme_name",
    "programme_code",
    "intake_label",
    "currency",
    "price_per_participant",
    "participants",
    "subtotal",
    "discount_percent",
    "discount_amount",
    "tax_rate",
    "tax_amount",
    "total",
    "valid_until",
]
CONSENT_FIELDS = [
    "consent_text",
    "consent_version",
    "consented_at",
    "marketing_opt_in",
    "source_page",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "user_agent",
    "duplicate_of",
]
EMAIL_FIELDS = [
    "sales_notified_at",
    "auto_reply_sent_at",
    "email_error",
]
SNAPSHOT_FIELDS = [*QUOTE_FIELDS, *CONSENT_FIELDS, *EMAIL_FIELDS]
VISITOR_FIELDS = ["name", "email", "phone", "company", "job_title", "country", "preferred_format", "message"]
CSV_FIELDS = ["quote_number", "created_at", "status", *VISITOR_FIELDS, "participants", "total", "currency"]


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
        "created_at",
        "name",
        "company",
        "country",
        "participants",
        "status",
        "owner",
        "source_page",
        "utm_campaign",
    ]
    list_filter = [
        "status",
        ("owner", admin.RelatedOnlyFieldListFilter),
        "created_at",
        "country",
        "source_page",
        "utm_campaign",
        ("duplicate_of", admin.EmptyFieldListFilter),
    ]
    search_fields = ["name", "email", "company"]
    list_select_related = ["owner"]
    date_hierarchy = "created_at"
    readonly_fields = SNAPSHOT_FIELDS
    inlines = [LeadNoteInline]
    actions = ["assign_to_me", "mark_contacted", "mark_spam", "export_csv"]
    fieldsets = [
        ("Pipeline", {"fields": ["status", "owner", "next_action_on"]}),
        ("Visitor", {"fields": VISITOR_FIELDS}),
        ("Quote (as sent, never changes)", {"fields": QUOTE_FIELDS}),
        ("Consent and visit", {"fields": CONSENT_FIELDS}),
        ("Emails", {"fields": EMAIL_FIELDS}),
    ]

    def has_add_permission(self, request):
        return False  # leads come from the public form only

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
        for lead in queryset.order_by("created_at"):
            writer.writerow([csv_cell(getattr(lead, name)) for name in CSV_FIELDS])
        return response
