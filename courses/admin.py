from django.contrib import admin
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from glossary.admin import BulkChangesAdmin
from glossary.derived import bulk_changes

from .models import (
    FAQ,
    DiscountTier,
    FacultyMember,
    Intake,
    Module,
    Programme,
    Testimonial,
    Video,
    VideoSeries,
)


class ModuleInline(admin.StackedInline):
    model = Module
    extra = 0
    ordering = ["number"]
    fields = [("number", "title", "slug"), ("track", "hours"), "summary", "outcomes", "key_terms"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["key_terms"]
    show_change_link = True


class DiscountTierInline(admin.TabularInline):
    model = DiscountTier
    extra = 0


class FAQInline(admin.StackedInline):
    model = FAQ
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(BulkChangesAdmin):  # the texts of the form and its inlines are linked once
    list_display = ["name", "code", "price_per_participant", "currency", "total_hours", "updated_at"]
    list_filter = ["offers_online", "offers_classroom", "offers_in_company", "currency"]
    search_fields = ["name", "code"]
    inlines = [DiscountTierInline, FAQInline, ModuleInline]
    fieldsets = [
        (None, {"fields": ["name", "code", "summary", "description", "audience"]}),
        ("Delivery", {"fields": [("offers_online", "offers_classroom", "offers_in_company"), "total_hours"]}),
        ("Exam and certificate", {"fields": ["exam_facts", "certificate_facts"]}),
        (
            "Price facts for quotes",
            {"fields": [("price_per_participant", "currency"), "tax_rate", "quote_validity_days"]},
        ),
    ]


@admin.register(Module)
class ModuleAdmin(BulkChangesAdmin):
    list_display = ["number", "title", "track", "hours", "programme"]
    list_display_links = ["title"]
    list_filter = ["track", "programme"]
    search_fields = ["title", "summary"]
    ordering = ["programme", "number"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["programme", "key_terms"]


@admin.register(FacultyMember)
class FacultyMemberAdmin(SimpleHistoryAdmin):
    list_display = [
        "thumbnail",
        "name",
        "headline",
        "years_of_experience",
        "is_active",
        "is_sample",
        "display_order",
    ]
    list_display_links = ["thumbnail", "name"]
    list_filter = ["is_active", "is_sample", "modules"]
    list_editable = ["display_order"]
    search_fields = ["name", "headline", "expertise"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["modules"]

    @admin.display(description="Photo")
    def thumbnail(self, member):
        if not member.photo_small:
            return "—"
        return format_html(
            '<img src="{}" width="48" height="48" alt="" style="border-radius:50%">', member.photo_small.url
        )


class VideoInline(admin.TabularInline):
    model = Video
    extra = 0
    fields = ["title", "youtube_id", "published_on", "duration"]
    show_change_link = True


@admin.register(VideoSeries)
class VideoSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "collection", "playlist_id"]
    list_filter = ["collection"]
    search_fields = ["title", "collection", "description"]
    inlines = [VideoInline]

    def changeform_view(self, *args, **kwargs):
        with bulk_changes():  # the transcripts of every saved video are linked once
            return super().changeform_view(*args, **kwargs)


@admin.register(Video)
class VideoAdmin(admin.ModelAdmin):
    list_display = ["title", "series", "published_on", "duration", "module"]
    list_filter = ["series", "published_on"]
    search_fields = ["title", "transcript", "youtube_id"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["series", "related_terms", "module"]

    def changeform_view(self, *args, **kwargs):
        with bulk_changes():  # the transcript is linked once, when the form is saved
            return super().changeform_view(*args, **kwargs)


@admin.register(Intake)
class IntakeAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "format", "starts_on", "apply_by", "seats_label", "price_per_participant"]
    list_filter = ["format", "programme", ("starts_on", admin.DateFieldListFilter)]
    search_fields = ["name", "location"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["programme"]
    fields = [
        "programme",
        "name",
        ("format", "location"),
        ("starts_on", "apply_by"),
        "seats_left",
        "price_per_participant",
    ]

    @admin.display(description="Seats")
    def seats_label(self, intake):
        return intake.seats_label


@admin.register(Testimonial)
class TestimonialAdmin(SimpleHistoryAdmin):
    list_display = ["name", "role", "company", "consented_on", "is_published", "is_sample", "display_order"]
    list_filter = ["is_published", "is_sample"]
    list_editable = ["display_order"]
    search_fields = ["name", "company", "quote"]
    fields = [
        ("name", "role", "company"),
        "quote",
        "photo",
        "consented_on",
        ("is_published", "is_sample"),
        "display_order",
    ]
