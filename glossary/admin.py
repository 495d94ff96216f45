from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export.admin import ImportMixin
from simple_history.admin import SimpleHistoryAdmin

from . import background_import, import_uploads
from .derived import bulk_changes
from .importing import TermResource
from .models import LETTERS, NON_LETTER, PUBLIC_STATUSES, Term, TermLabel, TermSense, TermSource, Topic
from .quality import quality_report
from .views import term_page_context

SCHEDULING_HELP = (
    "Scheduled publishing: set the status to Published and the publish date in the future. The term "
    "stays hidden until that moment and then appears on the site by itself; nothing else needs to run."
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
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Term)
class TermAdmin(ImportMixin, BulkChangesAdmin):
    """Terms: write, preview, publish (Publishers only), see history and revert, import from files."""

    list_display = ["name", "abbreviation", "status", "visibility", "topic_names", "updated_at"]
    list_filter = ["status", "topics", LetterFilter]
    search_fields = ["name", "abbreviation", "labels__label", "definition", "source_id"]
    search_help_text = "Searches names, abbreviations, alternate labels and definitions."
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["topics", "related", "replaced_by"]
    inlines = [TermLabelInline, TermSenseInline, TermSourceInline]
    actions = ["publish", "unpublish"]
    date_hierarchy = "updated_at"
    fieldsets = [
        (None, {"fields": ["name", "slug", "abbreviation", "status", "replaced_by"]}),
        ("Meaning", {"fields": ["definition", "explanation", "example", "usage_note"]}),
        ("Links", {"fields": ["topics", "related", "auto_link", "link_scope"]}),
        ("Dates", {"fields": ["published_at", "last_reviewed"], "description": SCHEDULING_HELP}),
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
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="glossary_term_preview",
            ),
        ]
        return extra + super().get_urls()

    def preview_view(self, request, object_id):
        """The term exactly as its public page will show it, published or not."""
        term = get_object_or_404(Term, pk=object_id)
        if not self.has_view_or_change_permission(request, term):
            raise PermissionDenied
        context = {**term_page_context(term), "preview": True}
        return TemplateResponse(request, "glossary/term_detail.html", context)

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

    @admin.display(description="On the site")
    def visibility(self, term):
        if term.is_public:
            return "Yes"
        if term.status in PUBLIC_STATUSES and term.published_at:
            return f"Scheduled: {timezone.localtime(term.published_at):%d %b %Y %H:%M}"
        return "No"

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
