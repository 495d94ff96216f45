from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.text import Truncator
from django.views.decorators.http import require_POST
from import_export.admin import ImportMixin
from simple_history.admin import SimpleHistoryAdmin

from base.admin_time import ZONED_DATE_TIMES

from . import background_import, import_uploads
from .derived import bulk_changes
from .importing import TermResource
from .models import (
    LETTERS,
    NON_LETTER,
    PUBLIC_STATUSES,
    Suggestion,
    Term,
    TermLabel,
    TermSense,
    TermSource,
    Topic,
)
from .quality import quality_report
from .views import term_page_context

SCHEDULING_HELP = (
    "To schedule a term, set the status to Published and the publish date and time in the future. The "
    "term stays hidden until that moment and then appears on the site by itself; nothing else needs to run."
)


class BulkChangesAdmin(SimpleHistoryAdmin):
    """Every admin page that writes (the form with its inlines, list actions, deletes, reverts)
    refreshes what the changed terms derive once, when the request's work is done."""

    def changeform_view(self, *args, **kwargs):
        with bulk_changes():
            return super().changeform_view(*args, **kwargs)

    def changelist_view(self, *args, **kwargs):
        with bulk_changes():
            return super().changelist_view(*args, **kwargs)

    def delete_view(self, *args, **kwargs):
        with bulk_changes():
            return super().delete_view(*args, **kwargs)

    def history_form_view(self, *args, **kwargs):
        with bulk_changes():
            return super().history_form_view(*args, **kwargs)


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Term.State.choices

    def queryset(self, request, queryset):
        if self.value() in Term.State.values:
            return queryset.in_state(self.value())
        return queryset


class WorkedOnFilter(admin.SimpleListFilter):
    title = "worked on"
    parameter_name = "worked_on"

    def lookups(self, request, model_admin):
        return [("me", "By me")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.worked_on_by(request.user)
        return queryset


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
    fields = ["label", "kind", "auto_link"]


class TermSenseInline(admin.TabularInline):
    model = TermSense
    extra = 0


class TermSourceInline(admin.TabularInline):
    model = TermSource
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Topic)
class TopicAdmin(BulkChangesAdmin):
    list_display = ["name", "slug", "display_order"]
    list_editable = ["display_order"]
    list_filter = [("description", admin.EmptyFieldListFilter)]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Term)
class TermAdmin(ImportMixin, BulkChangesAdmin):
    """Terms: write, preview, publish (Publishers only), see history and revert, import from files."""

    list_display = ["name", "abbreviation", "state", "topic_names", "updated", "preview_link"]
    list_filter = [StateFilter, WorkedOnFilter, "topics", LetterFilter]
    list_select_related = ["replaced_by"]
    save_on_top = True
    formfield_overrides = ZONED_DATE_TIMES
    search_fields = ["name", "abbreviation", "labels__label", "definition", "source_id"]
    search_help_text = "Searches names, abbreviations, alternate labels and definitions."
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["topics", "related", "replaced_by"]
    inlines = [TermLabelInline, TermSenseInline, TermSourceInline]
    actions = ["publish", "unpublish"]
    date_hierarchy = "updated_at"
    fieldsets = [
        (None, {"fields": ["name", "definition"]}),
        (
            "Publishing",
            {
                "fields": ["status", "publishing", "published_at", "replaced_by"],
                "description": SCHEDULING_HELP,
                "classes": ["publishing-panel"],
            },
        ),
        ("Address and other names", {"fields": ["slug", "abbreviation"]}),
        ("Explanation", {"fields": ["explanation", "example", "usage_note"]}),
        ("Links", {"fields": ["topics", "related", "auto_link", "link_scope"]}),
        ("Review", {"fields": ["last_reviewed"]}),
        ("Import", {"fields": ["source_id"], "classes": ["collapse"]}),
    ]
    resource_classes = [TermResource]
    tmp_storage_class = import_uploads.UploadStorage
    import_export_change_list_template = "admin/glossary/term/change_list.html"
    change_form_template = "admin/glossary/term/change_form.html"
    history_list_display = ["status"]

    def get_urls(self):
        extra = [
            path("quality/", self.admin_site.admin_view(self.quality_view), name="glossary_term_quality"),
            path(
                "import-file/",
                self.admin_site.admin_view(self.import_file_view),
                name="glossary_term_import_file",
            ),
            path(
                "import-file/<slug:result_id>/",
                self.admin_site.admin_view(self.import_status_view),
                name="glossary_term_import_status",
            ),
            path("preview/", self.admin_site.admin_view(self.preview_view), name="glossary_term_preview_new"),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="glossary_term_preview",
            ),
        ]
        return extra + super().get_urls()

    def preview_view(self, request, object_id=None):
        """The term exactly as its public page will show it, published or not: as saved (GET), or
        as the form posted here says, saved or not yet (POST; nothing is kept)."""
        term = get_object_or_404(Term, pk=object_id) if object_id else None
        allowed = (
            self.has_add_permission(request)
            if term is None
            else self.has_view_or_change_permission(request, term)
        )
        if not allowed:
            raise PermissionDenied
        if request.method == "POST":
            return self.preview_of_form(request, term)
        if term is None:
            return redirect("admin:glossary_term_add")
        context = {**term_page_context(term), "preview": True}
        return TemplateResponse(request, "glossary/term_detail.html", context)

    def preview_of_form(self, request, term):
        """Save the posted form with its inlines in a transaction, render the page from what was
        saved (the explanation cross-linked, related terms and labels as readers would see them),
        then roll everything back."""
        form = self.get_form(request, term, change=term is not None)(request.POST, instance=term)
        formsets, _ = self._create_formsets(request, form.instance, change=term is not None)
        if not (form.is_valid() and all(formset.is_valid() for formset in formsets)):
            context = {
                **self.admin_site.each_context(request),
                "title": "The preview needs a few corrections",
                "opts": self.opts,
                "errors": [form.errors, *(formset.errors for formset in formsets)],
                "non_form_errors": [formset.non_form_errors() for formset in formsets],
            }
            return TemplateResponse(request, "admin/glossary/term/preview_errors.html", context, status=400)
        with transaction.atomic():
            with bulk_changes():
                saved = form.save()
                for formset in formsets:
                    formset.instance = saved
                    formset.save()
            page = Term.objects.select_related("replaced_by").get(pk=saved.pk)
            context = {**term_page_context(page), "preview": True}
            response = TemplateResponse(request, "glossary/term_detail.html", context).render()
            transaction.set_rollback(True)
        return response

    def import_file_view(self, request):
        """Upload a file to import in the background, with the conflict policy."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = background_import.ImportFileForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            result_id = background_import.start(request, form)
            return redirect("admin:glossary_term_import_status", result_id=result_id)
        context = {**self.admin_site.each_context(request), "title": "Import a file", "opts": self.opts}
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request, "admin/glossary/term/import_file.html", {**context, "form": form}, status=status
        )

    def import_status_view(self, request, result_id):
        """Where the import stands; the page refreshes itself until the summary is there."""
        if not self.has_import_permission(request) or not background_import.belongs_to(
            request, str(result_id)
        ):
            raise PermissionDenied
        finished, running, outcome = background_import.state(request, str(result_id))
        context = {
            **self.admin_site.each_context(request),
            "title": "Import",
            "opts": self.opts,
            "finished": finished,
            "running": running,
            "outcome": outcome,
            "progress": background_import.progress_of(str(result_id)),
        }
        return TemplateResponse(request, "admin/glossary/term/import_status.html", context)

    def quality_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Glossary quality",
            "opts": self.opts,
            "report": quality_report(),
        }
        return TemplateResponse(request, "admin/glossary/term/quality.html", context)

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def create_import_form(self, request):
        form = super().create_import_form(request)
        form.fields["import_file"].help_text = (
            f"At most {settings.GLOSSARY_ADMIN_IMPORT_MAX_ROWS:,} rows: split a longer file, "
            "or ask a developer to run the import_terms command."
        )
        return form

    def get_import_data_kwargs(self, **kwargs):
        return {
            **super().get_import_data_kwargs(**kwargs),
            "max_rows": settings.GLOSSARY_ADMIN_IMPORT_MAX_ROWS,
        }

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            choices = {key: initial[key] for key in ("format", "resource")}
            import_uploads.remember(request, initial["import_file_name"], choices)
        return initial

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """Confirm an import: only a file this session uploaded and previewed, once."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if not import_uploads.claim(request, request.POST.get("import_file_name"), request.POST):
            context = {**self.admin_site.each_context(request), "title": "Import", "opts": self.opts}
            return TemplateResponse(request, "admin/glossary/term/import_refused.html", context, status=400)
        return super().process_import(request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(Prefetch("topics", Topic.objects.only("name")))

    @admin.display(description="State", ordering="status")
    def state(self, term):
        return term.state_label()

    @admin.display(description="Updated", ordering="updated_at")
    def updated(self, term):
        return f"{timezone.localtime(term.updated_at):%d %b %Y}"

    @admin.display(description="On the site")
    def publishing(self, term):
        if term is None or term.pk is None:
            return "Draft: not on the site until it is published."
        return term.publishing_summary()

    @admin.display(description="Preview")
    def preview_link(self, term):
        url = reverse("admin:glossary_term_preview", args=[term.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">Preview</a>', url)

    @admin.display(description="Topics")
    def topic_names(self, term):
        return ", ".join(topic.name for topic in term.topics.all())

    def has_publish_permission(self, request):
        return request.user.has_perm("glossary.publish_term")

    def has_delete_permission(self, request, obj=None):
        """Deleting a published term takes it off the site: that needs publish_term too."""
        if obj is not None and obj.status in PUBLIC_STATUSES and not self.has_publish_permission(request):
            return False
        return super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not self.has_publish_permission(request) and "status" in form.base_fields:
            unpublished = {Term.Status.DRAFT, Term.Status.REVIEW}
            if obj is None or obj.status in unpublished:
                form.base_fields["status"].choices = [
                    choice for choice in Term.Status.choices if choice[0] in unpublished
                ]
        return form

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request):
            self._keep_publication_state(request, obj)
        super().save_model(request, obj, form, change)

    def _keep_publication_state(self, request, term):
        """Without publish_term no path (form, revert, import) may publish or unpublish a term."""
        current = Term.objects.filter(pk=term.pk).values("status", "published_at").first()
        was_public = current is not None and current["status"] in PUBLIC_STATUSES
        if was_public and (term.status, term.published_at) != (current["status"], current["published_at"]):
            term.status, term.published_at = current["status"], current["published_at"]
        elif not was_public and term.status in PUBLIC_STATUSES:
            term.status = current["status"] if current else Term.Status.DRAFT
        else:
            return
        self.message_user(
            request,
            "The status was kept: publishing and unpublishing need the Publishers group.",
            messages.WARNING,
        )

    def get_readonly_fields(self, request, obj=None):
        published = obj is not None and obj.status not in (Term.Status.DRAFT, Term.Status.REVIEW)
        if published and not self.has_publish_permission(request):
            return ["publishing", "status", "published_at"]
        return ["publishing"]

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


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    """The editors' queue of readers' suggestions: decide each one; deciding replies to the reader
    (when they left an email) from the background worker."""

    list_display = ["__str__", "what_short", "status", "term_link", "created_at", "has_email"]
    list_display_links = ["__str__"]
    list_filter = ["status", "kind", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["term__name", "term_name", "what", "why", "source"]
    search_help_text = "Searches the term, the suggested name and the reader's text."
    autocomplete_fields = ["term"]
    actions = ["accept", "decline", "mark_duplicate"]
    date_hierarchy = "created_at"
    list_select_related = ["term"]
    fieldsets = [
        ("From the reader", {"fields": ["kind", "term", "term_name", "what", "why", "source", "email"]}),
        ("Decision", {"fields": ["status", "editor_note", "decided_at", "decided_by", "reply_sent_at"]}),
    ]
    readonly_fields = [
        "kind",
        "term_name",
        "what",
        "why",
        "source",
        "decided_at",
        "decided_by",
        "reply_sent_at",
    ]

    def has_add_permission(self, request):
        return False  # suggestions come from readers

    @admin.display(description="Suggestion")
    def what_short(self, suggestion):
        return Truncator(suggestion.what).chars(90)

    @admin.display(description="Term", ordering="term__name")
    def term_link(self, suggestion):
        if suggestion.term is None:
            return "–"
        url = reverse("admin:glossary_term_change", args=[suggestion.term_id])
        return format_html('<a href="{}">{}</a>', url, suggestion.term.name)

    @admin.display(description="Reply", boolean=True)
    def has_email(self, suggestion):
        return bool(suggestion.email)

    def save_model(self, request, obj, form, change):
        """A status chosen on the form is a decision: recorded, and the reader told once."""
        if "status" in form.changed_data and obj.status != Suggestion.Status.NEW:
            obj.decide(obj.status, request.user)
        else:
            super().save_model(request, obj, form, change)

    def decide_each(self, request, queryset, status):
        waiting = queryset.filter(status=Suggestion.Status.NEW)
        decided = 0
        for suggestion in waiting.select_related("term"):
            suggestion.decide(status, request.user)
            decided += 1
        skipped = queryset.count() - decided
        label = Suggestion.Status(status).label.lower()
        self.message_user(request, f"{decided} suggestion(s) {label}.", messages.SUCCESS)
        if skipped:
            self.message_user(request, f"{skipped} already decided, left as they were.", messages.WARNING)

    @admin.action(
        description="Accept selected suggestions (a new term becomes a draft)", permissions=["change"]
    )
    def accept(self, request, queryset):
        with bulk_changes():
            self.decide_each(request, queryset, Suggestion.Status.ACCEPTED)

    @admin.action(description="Decline selected suggestions", permissions=["change"])
    def decline(self, request, queryset):
        self.decide_each(request, queryset, Suggestion.Status.DECLINED)

    @admin.action(description="Mark selected suggestions duplicate", permissions=["change"])
    def mark_duplicate(self, request, queryset):
        self.decide_each(request, queryset, Suggestion.Status.DUPLICATE)
