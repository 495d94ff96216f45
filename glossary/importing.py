"""Bulk import of terms from CSV, XLSX or JSON, shared by the admin and `manage.py import_terms`.

The rule for a file (see README, "Editorial workflow"):
- A row is matched to an existing term by its `source_id` when it has one, otherwise by name
  (ignoring case); re-importing the same file therefore changes nothing.
- The first row of a name (ignoring case) becomes the term; later rows with the same name become
  its numbered senses 2, 3, ... (the term's own definition is meaning 1). The term is filed under
  the topics of all its rows; missing topics are created.
- Imported terms are drafts unless the file has a `status` column that says otherwise, and only a
  user with `publish_term` (or the shell command) may publish or unpublish through an import.
- A row whose name is an existing term's from elsewhere (another or no source id) is a conflict;
  `on_conflict` decides: "fail" (the default: the row is an error), "skip" (the term stays as it
  is) or "update" (the row overwrites it). The summary lists, per changed term, what changes.
- Any bad row and nothing is saved: the whole file runs in one transaction; with `skip_invalid`
  the valid rows are saved and the bad ones listed.
- A file without a `name` column is refused whole, and so is a file over `max_rows` (the admin
  passes its limit: a request has to finish before the server gives up on it).
"""

import csv
from collections import Counter, defaultdict
from pathlib import Path

import tablib
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.text import slugify
from import_export import fields, resources, widgets
from import_export.results import Error, RowResult

from .derived import bulk_changes
from .models import PUBLIC_STATUSES, Term, TermSense, Topic

TOPIC_SEPARATOR = ","
FAIL, SKIP, UPDATE = "fail", "skip", "update"
CONFLICT_CHOICES = [
    (FAIL, "Stop: a row named like an existing term from elsewhere is an error"),
    (SKIP, "Skip those rows: existing terms stay as they are"),
    (UPDATE, "Update existing terms with those rows"),
]
FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".json": "json"}
REQUIRED_COLUMNS = ["name"]
MAX_CELL_CHARACTERS = 128 * 1024

# The csv module stops a whole file at its first cell over 128 KB; read longer cells so that
# the import can name the row and column instead (see `too_long`).
csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))


class TopicsWidget(widgets.ManyToManyWidget):
    """Topic names separated by commas; topics that do not exist yet are created.

    Topics found once are remembered for the rest of the import (`forget` starts afresh).
    """

    def forget(self):
        self.known = {}

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in str(value or "").split(self.separator) if name.strip()]
        return [self.topic(name) for name in dict.fromkeys(names)]

    def topic(self, name):
        if name.lower() not in self.known:
            self.known[name.lower()] = Topic.objects.named([name])[0]
        return self.known[name.lower()]


class TermIndex:
    """Every term by source id and by name (ignoring case), read once per import with its topics.

    The loader finds a row's term here and uniqueness is checked here, in memory: two queries
    per row less on a 3,000-term glossary. The database constraints remain the last guard.
    """

    def __init__(self):
        self.by_source, self.by_name = {}, {}
        for term in Term.objects.prefetch_related("topics"):
            self.add(term)

    def add(self, term):
        if term.source_id:
            self.by_source[term.source_id] = term
        self.by_name[term.name.lower()] = term

    def find(self, row):
        source_id, name = clean_text(row.get("source_id")), clean_text(row.get("name"))
        return self.by_source.get(source_id) or self.by_name.get(name.lower())

    def clashes(self, term):
        errors = {}
        if self.by_name.get(term.name.lower(), term) is not term:
            errors["name"] = "A term with this name already exists (ignoring case)."
        if term.source_id and self.by_source.get(term.source_id, term) is not term:
            errors["source_id"] = "Another term already has this source id."
        return errors


class TermLoader:
    """Finds the term a row stands for: by source id when the row has one, else by name."""

    def __init__(self, resource, dataset=None):
        self.resource = resource

    def get_instance(self, row):
        return self.resource.index.find(row)


def clean_text(value):
    return str(value if value is not None else "").strip()


class TermResource(resources.ModelResource):
    topics = fields.Field(
        attribute="topics", column_name="topics", widget=TopicsWidget(Topic, field="name", separator=",")
    )

    class Meta:
        model = Term
        fields = [
            "source_id",
            "name",
            "abbreviation",
            "definition",
            "explanation",
            "example",
            "usage_note",
            "status",
            "topics",
        ]
        import_id_fields = []
        instance_loader_class = TermLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        store_instance = False

    def __init__(self, on_conflict=FAIL, skip_invalid=False, **kwargs):
        super().__init__(**kwargs)
        self.on_conflict, self.skip_invalid = on_conflict, skip_invalid

    def import_data(self, dataset, dry_run=False, max_rows=None, **kwargs):
        """Import in one transaction; what the saved terms derive is refreshed once at the end
        (glossary/derived.py), and not at all after a dry run or a rolled-back file."""
        refusal = file_refusal(dataset, max_rows)
        if refusal:
            return self.refused(dataset, refusal)
        kwargs["rollback_on_validation_errors"] = not self.skip_invalid
        kwargs.setdefault("use_transactions", True)
        with bulk_changes() as changes:
            result = super().import_data(dataset, dry_run=dry_run, **kwargs)
            if dry_run or result.has_errors() or not saved_anything(result, self.skip_invalid):
                changes.discard()
        return result

    def refused(self, dataset, message):
        """A result with one file error and no rows read: what the command and the admin show."""
        self.sense_counts, self.changes, result = Counter(), [], self.get_result_class()()
        result.diff_headers, result.total_rows = self.get_diff_headers(), len(dataset)
        error = Error(ValueError(message))
        error.traceback = ""  # a refusal is no crash: show the message alone
        result.append_base_error(error)
        return result

    def before_import(self, dataset, **kwargs):
        """Number each row's sense and give every term row the topics of all rows of its name."""
        user = kwargs.get("user")
        self.can_publish = user is None or user.has_perm("glossary.publish_term")
        self.progress = kwargs.get("progress")
        self.sense_numbers, topics_by_name = plan_rows(dataset)
        self.topics_by_name = {key: TOPIC_SEPARATOR.join(names) for key, names in topics_by_name.items()}
        self.sense_counts, self.changes, self.conflicts_skipped = Counter(), [], 0
        self.left_alone = set()
        self.fields["topics"].widget.forget()
        self.index = TermIndex()
        self.sources_in_file = set()

    def import_row(self, row, instance_loader, **kwargs):
        number, cells_too_long = self.sense_numbers[kwargs["row_number"] - 1], too_long(row)
        if cells_too_long:
            result = invalid_row(cells_too_long)
        elif number == 1:
            row["topics"] = self.topics_by_name.get(clean_text(row.get("name")).lower(), "")
            result = super().import_row(row, instance_loader, **kwargs)
        else:
            result = self.import_sense(row, number)
        if self.progress:
            self.progress(kwargs["row_number"])
        return result

    def import_instance(self, instance, row, **kwargs):
        original_status, original_source = instance.status, instance.source_id
        instance.conflict = is_conflict(instance, row)
        if instance.conflict and self.on_conflict != UPDATE:
            self.left_alone.add(instance.name.lower())  # and so are its senses in later rows
        if instance.conflict and self.on_conflict == FAIL:
            raise ValidationError(
                {
                    "name": f"“{instance.name}” already exists (source id “{original_source or 'none'}”): "
                    "choose to skip or update existing terms."
                }
            )
        if instance.conflict and self.on_conflict == SKIP:
            return
        super().import_instance(instance, row, **kwargs)
        if not instance.status:
            instance.status = Term.Status.DRAFT
        if not instance.slug:
            instance.slug = unique_slug(instance.name)
        errors = self.permission_errors(original_status, instance) | source_errors(original_source, instance)
        if instance.source_id and instance.source_id in self.sources_in_file:
            errors["source_id"] = "An earlier row of this file already has this source id."
        self.sources_in_file.add(instance.source_id)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if getattr(instance, "conflict", False) and self.on_conflict == SKIP:
            self.conflicts_skipped += 1
            return True
        skip = super().skip_row(instance, original, row, import_validation_errors)
        if not skip and instance.pk and not import_validation_errors:
            self.changes.append((instance.name, field_changes(original, instance, row)))
        return skip

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own checks, with uniqueness checked against the index (see TermIndex)."""
        errors = {**self.index.clashes(instance), **(import_validation_errors or {})}
        try:
            instance.full_clean(exclude=errors.keys(), validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        self.index.add(instance)

    def permission_errors(self, original_status, term):
        crosses = (original_status in PUBLIC_STATUSES) != (term.status in PUBLIC_STATUSES)
        if term.pk is None:
            crosses = term.status in PUBLIC_STATUSES
        if crosses and not self.can_publish:
            return {"status": "Publishing or unpublishing needs the Publishers group."}
        return {}

    def import_sense(self, row, number):
        """A later row with the same name: sense `number` of the term its name's first row made."""
        name, definition = clean_text(row.get("name")), clean_text(row.get("definition"))
        result = RowResult()
        term = self.index.by_name.get(name.lower())
        if name.lower() in self.left_alone:
            if self.on_conflict == SKIP:
                result.import_type = RowResult.IMPORT_TYPE_SKIP
                self.sense_counts[result.import_type] += 1
                return result
            return invalid_row({"name": f"A sense of “{name}”, whose term row was not imported."})
        if term is None or not definition:
            reason = "A sense needs a definition." if term else f"No term “{name}” to add this sense to."
            return invalid_row({"definition": reason})
        result.import_type = save_sense(term, number, definition)
        self.sense_counts[result.import_type] += 1
        result.instance, result.object_id, result.object_repr = term, term.pk, f"{term.name} (sense {number})"
        result.diff = [escape(row.get(header, "")) for header in self.get_diff_headers()]
        return result


def is_conflict(term, row):
    """An existing term found by its name, though the row names another source (or none)."""
    return bool(term.pk) and term.source_id != clean_text(row.get("source_id"))


CHANGE_FIELDS = ["name", "abbreviation", "definition", "explanation", "example", "usage_note", "status"]


def field_changes(original, term, row):
    """(field, old, new) for each field the row changes, topics included."""
    changes = [
        (name, getattr(original, name), getattr(term, name))
        for name in CHANGE_FIELDS
        if getattr(original, name) != getattr(term, name)
    ]
    old_topics = sorted(topic.name for topic in original.topics.all())
    new_topics = sorted(
        name.strip() for name in clean_text(row.get("topics")).split(TOPIC_SEPARATOR) if name.strip()
    )
    if old_topics != new_topics and new_topics:
        changes.append(("topics", ", ".join(old_topics), ", ".join(new_topics)))
    return changes


def shortened(text, length=40):
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1] + "…"


def change_lines(changes):
    """Per changed existing term: its name and, per field, old → new (shortened)."""
    lines = []
    for name, fields_changed in changes:
        described = "; ".join(
            f"{field}: “{shortened(old)}” → “{shortened(new)}”" for field, old, new in fields_changed
        )
        lines.append(f"Changed “{name}”: {described or 'senses or topics only'}")
    return lines


def saved_anything(result, skip_invalid):
    return skip_invalid or not result.has_validation_errors()


def file_refusal(dataset, max_rows=None):
    """Why the whole file is refused before any row is read, or an empty string."""
    missing = [column for column in REQUIRED_COLUMNS if column not in (dataset.headers or [])]
    if missing:
        return (
            f"The file has no “{missing[0]}” column: its first row must name the columns "
            "(name, definition, topics, ...)."
        )
    if max_rows is not None and len(dataset) > max_rows:
        return (
            f"This file has {len(dataset):,} rows; the admin imports at most {max_rows:,} at a time. "
            "Split the file, or ask a developer to run the import_terms command."
        )
    return ""


def too_long(row):
    """The errors of the row's cells over MAX_CELL_CHARACTERS, by column."""
    lengths = {column: len(str(value)) for column, value in row.items() if value is not None}
    return {
        column: f"This cell has {length:,} characters; a cell may have at most {MAX_CELL_CHARACTERS:,}."
        for column, length in lengths.items()
        if length > MAX_CELL_CHARACTERS
    }


def invalid_row(errors):
    result = RowResult()
    result.import_type = RowResult.IMPORT_TYPE_INVALID
    result.validation_error = ValidationError(errors)
    return result


def source_errors(original_source, term):
    if original_source and term.source_id and original_source != term.source_id:
        return {"source_id": f"“{term.name}” already has the source id {original_source}."}
    return {}


def plan_rows(dataset):
    """Sense number of each row (1 = the term itself) and the topics of each name, in file order."""
    seen, numbers, topics = Counter(), [], defaultdict(list)
    for row in dataset.dict:
        key = clean_text(row.get("name")).lower()
        seen[key] += 1
        numbers.append(seen[key])
        for topic in clean_text(row.get("topics") or row.get("topic")).split(TOPIC_SEPARATOR):
            if topic.strip() and topic.strip() not in topics[key]:
                topics[key].append(topic.strip())
    return numbers, topics


def save_sense(term, number, definition):
    sense = TermSense.objects.filter(term=term, number=number).first()
    if sense is None:
        TermSense.objects.create(term=term, number=number, definition=definition)
        return RowResult.IMPORT_TYPE_NEW
    if sense.definition == definition:
        return RowResult.IMPORT_TYPE_SKIP
    sense.definition = definition
    sense.save(update_fields=["definition"])
    return RowResult.IMPORT_TYPE_UPDATE


def unique_slug(name):
    base = slugify(name)[:190] or "term"
    slug, suffix = base, 1
    while Term.objects.filter(slug=slug).exists():
        suffix += 1
        slug = f"{base}-{suffix}"
    return slug


def read_dataset(path, suffix=None):
    """A tablib Dataset from a .csv, .xlsx or .json file (by its suffix, or `suffix` for a file
    kept under another name); ValueError with a clear message otherwise."""
    path = Path(path)
    file_format = FORMATS.get((suffix or path.suffix).lower())
    if file_format is None:
        raise ValueError(f"Cannot read {path.name}: use a .csv, .xlsx or .json file.")
    mode = "rb" if file_format == "xlsx" else "r"
    with open(path, mode, **({} if mode == "rb" else {"encoding": "utf-8-sig"})) as handle:
        return tablib.Dataset().load(handle.read(), format=file_format)


def import_terms(dataset, dry_run=False, progress=None, on_conflict=FAIL, skip_invalid=False, user=None):
    """Import a dataset; returns the import-export Result and the resource (its sense counts,
    its changes to existing terms)."""
    resource = TermResource(on_conflict=on_conflict, skip_invalid=skip_invalid)
    result = resource.import_data(dataset, dry_run=dry_run, raise_errors=False, progress=progress, user=user)
    return result, resource


def problems(result):
    """Each bad row as 'Row N: field: message', in file order."""
    lines = [f"File: {error.error}" for error in result.base_errors]
    for row in result.invalid_rows:
        for field_name, messages in row.error_dict.items():
            lines.append(f"Row {row.number}: {field_name.replace('__all__', 'row')}: {' '.join(messages)}")
    lines += [f"Row {row.number}: {error.error}" for row in result.error_rows for error in row.errors]
    return lines


def summary(result, sense_counts):
    """One sentence that accounts for every row of the file."""
    if result.base_errors:
        return f"{result.total_rows} rows: the file was refused, no row was read."
    totals, kinds = (
        result.totals,
        (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE, RowResult.IMPORT_TYPE_SKIP),
    )
    terms = [totals[kind] - sense_counts[kind] for kind in kinds]
    senses = [sense_counts[kind] for kind in kinds]
    failed = totals[RowResult.IMPORT_TYPE_INVALID] + totals[RowResult.IMPORT_TYPE_ERROR]
    counts = f"{counted(terms, 'terms')}, {counted(senses, 'senses')}"
    return f"{result.total_rows} rows: {counts}, {failed} in error."


def counted(numbers, what):
    new, changed, unchanged = numbers
    return f"{sum(numbers)} {what} ({new} new, {changed} changed, {unchanged} unchanged)"
