"""The admin's import of a whole file in the background worker, with a page that follows it.

The editor uploads a file with the conflict policy; the file waits in the upload folder
(import_uploads.py) and `import_file` runs in the worker, in one transaction: a failed import
changes nothing. The status page refreshes itself until the worker reports the summary. Only the
session that started an import may follow it.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django_tasks import TaskResultStatus, task

from .import_uploads import UploadStorage
from .importing import (
    CONFLICT_CHOICES,
    FAIL,
    FORMATS,
    change_lines,
    import_terms,
    problems,
    read_dataset,
    summary,
)

SESSION_KEY = "glossary_background_imports"
PROGRESS_EVERY = 250


class ImportFileForm(forms.Form):
    import_file = forms.FileField(
        label="File",
        help_text="A .csv, .xlsx or .json file whose first row names the columns (name, definition, "
        "topics, source_id, ...). It is imported in the background: you can leave the page.",
    )
    on_conflict = forms.ChoiceField(
        label="Rows named like an existing term",
        choices=CONFLICT_CHOICES,
        initial=FAIL,
        help_text="An existing term from elsewhere (another or no source id) with the same name.",
    )
    skip_invalid = forms.BooleanField(
        label="Import the valid rows, list the others",
        required=False,
        help_text="Off: any bad row and nothing is saved.",
    )
    dry_run = forms.BooleanField(label="Check only, save nothing", required=False)

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in FORMATS:
            raise forms.ValidationError("Use a .csv, .xlsx or .json file.")
        return upload


def start(request, form):
    """Keep the file and queue its import; returns the task result's id."""
    upload = form.cleaned_data["import_file"]
    storage = UploadStorage()
    storage.save(upload.read())
    suffix = "." + upload.name.rsplit(".", 1)[-1].lower()
    options = {key: form.cleaned_data[key] for key in ("on_conflict", "skip_invalid", "dry_run")}
    result = import_file.enqueue(storage.name, suffix, request.user.pk, options)
    # A backend that ran it at once (the immediate one) keeps no results: the session does.
    outcome = result.return_value if result.is_finished else None
    started = {**request.session.get(SESSION_KEY, {}), str(result.id): outcome}
    request.session[SESSION_KEY] = dict(list(started.items())[-20:])
    return str(result.id)


def belongs_to(request, result_id):
    return result_id in request.session.get(SESSION_KEY, {})


def state(request, result_id):
    """(finished, running, outcome): outcome is the task's return value, None if it failed."""
    kept = request.session.get(SESSION_KEY, {}).get(result_id)
    if kept is not None:
        return True, False, kept
    result = import_file.get_result(result_id)
    outcome = result.return_value if result.status == TaskResultStatus.SUCCESSFUL else None
    return result.is_finished, result.status == TaskResultStatus.RUNNING, outcome


@task(takes_context=True)
def import_file(context, upload_name, suffix, user_id, options):
    """Import an uploaded file; returns what the status page shows."""
    path = UploadStorage(name=upload_name).get_full_path()
    try:
        return run(read_dataset(path, suffix), context.task_result.id, user_id, options)
    except (OSError, ValueError) as error:
        return {"summary": f"The file cannot be read: {error}", "problems": [], "changes": [], "saved": False}
    finally:
        path.unlink(missing_ok=True)


def run(dataset, result_id, user_id, options):
    total = len(dataset)
    if total > settings.GLOSSARY_BACKGROUND_IMPORT_MAX_ROWS:
        message = f"This file has {total:,} rows; at most {settings.GLOSSARY_BACKGROUND_IMPORT_MAX_ROWS:,}."
        return {"summary": message, "problems": [], "changes": [], "saved": False}

    def progress(number):
        if number % PROGRESS_EVERY == 0 or number == total:
            cache.set(progress_key(result_id), (number, total), 3600)

    user = get_user_model().objects.get(pk=user_id)
    result, resource = import_terms(dataset, progress=progress, user=user, **options)
    bad = result.has_errors() or result.has_validation_errors()
    saved = not options["dry_run"] and not result.base_errors and (not bad or options["skip_invalid"])
    return {
        "summary": summary(result, resource.sense_counts),
        "problems": problems(result)[:500],
        "changes": change_lines(resource.changes)[:500],
        "saved": saved and not result.has_errors(),
    }


def progress_key(result_id):
    return f"glossary:import-progress:{result_id}"


def progress_of(result_id):
    """(rows done, rows in the file), when the worker shares this cache, else None."""
    return cache.get(progress_key(result_id))
