from django.contrib import admin, messages
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from .models import LETTERS, NON_LETTER, Term, TermLabel, TermSense, TermSource, Topic


class LetterFilter(admin.SimpleListFilter):
    title = "first letter"
    parameter_name = "letter"

    def lookups(self, request, model_admin):
        return [(letter, letter) for letter in LETTERS + [NON_LETTER]]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(first_letter=self.value())
        return queryset


class TermLabelInline(admin.TabularInline):
    model = TermLabel
    extra = 1
    fields = ["label", "kind"]


class TermSenseInline(admin.TabularInline):
    model = TermSense
    extra = 0


class TermSourceInline(admin.TabularInline):
    model = TermSource
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "display_order"]
    list_editable = ["display_order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "status", "topic_names", "updated_at"]
    list_filter = ["status", "topics", LetterFilter]
    search_fields = ["name", "abbreviation", "labels__label", "definition"]
    search_help_text = "Searches names, abbreviations, alternate labels and definitions."
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["topics", "related", "replaced_by"]
    inlines = [TermLabelInline, TermSenseInline, TermSourceInline]
    actions = ["publish", "unpublish"]
    date_hierarchy = "updated_at"
    fieldsets = [
        (None, {"fields": ["name", "slug", "abbreviation", "status", "replaced_by"]}),
        ("Meaning", {"fields": ["definition", "explanation", "example", "usage_note"]}),
        ("Links", {"fields": ["topics", "related", "auto_link"]}),
        ("Dates", {"fields": ["published_at", "last_reviewed"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(Prefetch("topics", Topic.objects.only("name")))

    @admin.display(description="Topics")
    def topic_names(self, term):
        return ", ".join(topic.name for topic in term.topics.all())

    def has_publish_permission(self, request):
        return request.user.has_perm("glossary.publish_term")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not self.has_publish_permission(request) and "status" in form.base_fields:
            unpublished = {Term.Status.DRAFT, Term.Status.REVIEW}
            if obj is None or obj.status in unpublished:
                form.base_fields["status"].choices = [
                    choice for choice in Term.Status.choices if choice[0] in unpublished
                ]
        return form

    def get_readonly_fields(self, request, obj=None):
        published = obj is not None and obj.status not in (Term.Status.DRAFT, Term.Status.REVIEW)
        if published and not self.has_publish_permission(request):
            return ["status", "published_at"]
        return []

    @admin.action(description="Publish selected terms", permissions=["publish"])
    def publish(self, request, queryset):
        published, skipped = 0, []
        for term in queryset:
            if not term.definition.strip():
                skipped.append(term.name)
                continue
            term.status = Term.Status.PUBLISHED
            term.published_at = term.published_at or timezone.now()
            term.save()
            published += 1
        self.message_user(request, f"Published {published} term(s).", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                "Not published, because a short definition is required: " + ", ".join(skipped),
                messages.WARNING,
            )

    @admin.action(description="Unpublish selected terms (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        for term in queryset:
            term.status = Term.Status.DRAFT
            term.save()
        self.message_user(request, f"Moved {queryset.count()} term(s) back to draft.", messages.SUCCESS)
