"""The glossary: topics and the terms filed under them.

What the public may see is decided by `TermQuerySet.published()` in queries and by
`Term.is_public` for a term in hand (the term page's plain SQL, glossary/page_queries.py).
"""

import hashlib
from collections import defaultdict
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from base.links import path_template

from .derived import bulk_changes, in_bulk

LETTERS = [chr(code) for code in range(ord("A"), ord("Z") + 1)]
NON_LETTER = "#"


def first_letter_of(name):
    initial = (slugify(name)[:1] or NON_LETTER).upper()
    return initial if initial in LETTERS else NON_LETTER


def sort_key_of(name):
    """Where a name goes in A-Z order: under its letter heading, then ignoring case."""
    return first_letter_of(name) + name.lower()


class TopicQuerySet(models.QuerySet):
    def with_published_counts(self):
        """Each topic with `term_count`, its published terms as the last listing refresh counted."""
        counted = Listing.objects.filter(topic=OuterRef("pk")).values("term_count")[:1]
        return self.annotate(term_count=Coalesce(Subquery(counted), 0))

    def named(self, names):
        """The topics with these names (ignoring case), creating those that do not exist yet."""
        return [self.filter(name__iexact=name).first() or self._create_named(name) for name in names]

    def _create_named(self, name):
        slug, suffix = slugify(name)[:110] or "topic", 1
        while self.filter(slug=slug).exists():
            suffix += 1
            slug = f"{slugify(name)[:110]}-{suffix}"
        return self.create(name=name, slug=slug)


class Topic(models.Model):
    """A subject area such as Inventory management; each term belongs to one or more."""

    name = models.CharField(max_length=120, help_text="Shown as the topic's heading.")
    slug = models.SlugField(
        "address",
        max_length=120,
        unique=True,
        help_text="The last part of the topic's address, e.g. “packaging” in /topics/packaging/.",
    )
    description = models.TextField(blank=True, help_text="One or two sentences shown on the topic page.")
    display_order = models.PositiveSmallIntegerField(
        default=0, help_text="Topics are listed from the lowest number to the highest."
    )

    objects = TopicQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="topic_name_unique_ci",
                violation_error_message="A topic with this name already exists (ignoring case).",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return path_template("glossary:topic_detail").format(self.slug)  # as term_path, for lists


class TermQuerySet(models.QuerySet):
    def write_fields(self, terms, fields):
        """Store these fields of each term, one UPDATE per term in one executemany: bulk_update's
        CASE expression per term and field took about 40 % of a relink at 100,000 terms."""
        meta = self.model._meta
        quote = connection.ops.quote_name
        columns = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in fields)
        sql = f"UPDATE {quote(meta.db_table)} SET {columns} WHERE {quote(meta.pk.column)} = %s"
        with connection.cursor() as cursor:
            cursor.executemany(sql, [[getattr(term, name) for name in fields] + [term.pk] for term in terms])

    def published(self):
        """Terms the public may see: published or deprecated, with a publish date that has come."""
        return self.filter(
            status__in=PUBLIC_STATUSES,
            published_at__lte=timezone.now(),
        )

    def scheduled(self):
        """Terms set to go public at a moment still to come."""
        return self.filter(status__in=PUBLIC_STATUSES, published_at__gt=timezone.now())

    def next_scheduled_publication(self):
        """When the next term scheduled for the future goes public, or None."""
        return self.scheduled().aggregate(first=models.Min("published_at"))["first"]

    def in_state(self, state):
        """Terms in one of the admin's publication states (Term.State), as the list filter shows them."""
        now = timezone.now()
        return self.filter(
            {
                Term.State.DRAFT: Q(status=Term.Status.DRAFT),
                Term.State.REVIEW: Q(status=Term.Status.REVIEW),
                Term.State.SCHEDULED: Q(status__in=PUBLIC_STATUSES, published_at__gt=now),
                Term.State.LIVE: Q(status=Term.Status.PUBLISHED, published_at__lte=now),
                Term.State.DEPRECATED: Q(status=Term.Status.DEPRECATED, published_at__lte=now),
            }[state]
        )

    def worked_on_by(self, user):
        """Terms this user created or changed (from the terms' history)."""
        return self.filter(Exists(Term.history.filter(id=OuterRef("pk"), history_user=user)))

    def alphabetical(self):
        return self.order_by("sort_key")

    def for_listing(self):
        return self.published().alphabetical().as_cards()

    def as_cards(self):
        """Only what a term's card in a list shows (the `term_cards` template tag)."""
        return self.only(*TermCard._fields)

    def cards(self):
        """These terms as TermCards: plain rows, not model instances."""
        return list(map(TermCard._make, self.values_list(*TermCard._fields)))

    def result_cards(self, ids):
        """The terms of these ids that this queryset holds, as ResultCards (in no set order): two
        queries of plain rows. With model instances and their topics prefetched, the search page
        for "invntory" took 8.7 ms at 100,000 terms on PostgreSQL; with these, 8.0 ms."""
        rows = self.filter(pk__in=ids).values_list(*ResultCard._fields[:-1])
        cards = [ResultCard(*row) for row in rows]
        topics = defaultdict(list)
        links = self.model.topics.through.objects.filter(term_id__in=[card.pk for card in cards])
        links = links.order_by(*(f"topic__{field}" for field in Topic._meta.ordering))
        for term_id, name, slug in links.values_list("term_id", "topic__name", "topic__slug"):
            topics[term_id].append(TopicLink(name, slug))
        return [card._replace(topics=tuple(topics[card.pk])) for card in cards]

    def as_suggestions(self):
        """Only what search-as-you-type shows of a term, with the labels it may have matched."""
        return self.only("name", "slug", "abbreviation", "definition").prefetch_related("labels")

    def matching_text(self, text):
        """Terms whose name, abbreviation, label or definition contains the text, ignoring case."""
        in_label = Exists(TermLabel.objects.filter(term=OuterRef("pk"), label__icontains=text))
        in_text = Q(name__icontains=text) | Q(abbreviation__icontains=text) | Q(definition__icontains=text)
        return self.filter(in_text | in_label)

    def letters_in_use(self):
        """The letters that head at least one published term, as the last listing refresh found."""
        return Listing.objects.letters_in_use()

    def redirect_target(self, slug):
        """The published term an old slug, a label or an abbreviation stands for.

        The terms its labels and former slugs name are read first: a condition on other tables
        inside the OR would be tested on every term (100 ms at 100,000 terms), where a list of
        ids lets each side of the OR use its own index."""
        named = TermLabel.objects.filter(slug=slug).order_by().values_list("term_id", flat=True)
        named = named.union(FormerSlug.objects.filter(slug=slug).order_by().values_list("term_id", flat=True))
        main_abbreviation = Q(abbreviation_slug=slug)
        return (
            self.published()
            .filter(main_abbreviation | Q(pk__in=list(named)))
            .order_by(Case(When(main_abbreviation, then=0), default=1), "pk")
            .first()
        )

    def search(self, query, load=None):
        """These terms ranked for a query: exact names first, then prefixes, then full text. A
        page of results is read by `load` (ids to terms, e.g. `result_cards`), else as instances."""
        from .search import ranked_terms

        return ranked_terms(self, query, load)

    def term_of_the_day(self, date):
        """The same term for everyone on a date, a different one the next day."""
        return dict(self.terms_of_the_days([date])).get(date)

    def terms_of_the_days(self, dates):
        """(date, term) for each date, counting the terms once."""
        count = self.count()
        if not count:
            return []
        index = {
            date: int(hashlib.sha256(date.isoformat().encode()).hexdigest(), 16) % count for date in dates
        }
        return [(date, self.order_by("pk")[index[date]]) for date in dates]


def topic_ids_by_term(terms=None):
    """{term id: frozenset of its topic ids}, for these terms (a queryset or ids) or all, in one query."""
    links = (
        Term.topics.through.objects.all()
        if terms is None
        else Term.topics.through.objects.filter(term__in=terms)
    )
    topics = {}
    for term_id, topic_id in links.values_list("term_id", "topic_id"):
        topics.setdefault(term_id, set()).add(topic_id)
    return {term_id: frozenset(ids) for term_id, ids in topics.items()}


def moment(value, joiner=" at "):
    """A date and time in the site's time zone, with the zone: "12 Dec 2026 at 09:00 UTC"."""
    local = timezone.localtime(value)
    return f"{local:%d %b %Y}{joiner}{local:%H:%M} {timezone.get_current_timezone_name()}"


def term_path(slug):
    """A term's address. Not reverse() each time: a page lists up to hundreds of terms, and the
    cross-linker addresses every public term."""
    return path_template("glossary:term_detail").format(slug)


class TermCard(NamedTuple):
    """What a term's card in a list shows, as a Term does. A list page's hundred terms as model
    instances took 1.3 ms of its 6 ms at 100,000 terms, as rows 0.7 ms."""

    name: str
    slug: str
    abbreviation: str
    status: str
    first_letter: str
    definition: str

    def get_absolute_url(self):
        return term_path(self.slug)

    @property
    def is_deprecated(self):
        return self.status == Term.Status.DEPRECATED


class TopicLink(NamedTuple):
    """A topic as a search result names it."""

    name: str
    slug: str

    get_absolute_url = Topic.get_absolute_url


class ResultCard(NamedTuple):
    """What a search result shows (the `search_results` template tag), as a Term does."""

    pk: int
    name: str
    slug: str
    abbreviation: str
    status: str
    definition: str
    definition_html: str
    topics: tuple = ()  # TopicLinks

    get_absolute_url = TermCard.get_absolute_url
    is_deprecated = TermCard.is_deprecated


# What save() compares with the stored row: the slug history and what other terms link by.
WATCHED_FIELDS = ["slug", "name", "abbreviation", "status", "published_at", "link_scope"]
LINK_FIELDS = ["name", "abbreviation", "link_scope"]


class Term(models.Model):
    """One glossary entry: a name, its definition and explanation, and how it links to others."""

    class LinkScope(models.TextChoices):
        ANYWHERE = "anywhere", "From any explanation"
        SAME_TOPIC = "same_topic", "Only from terms that share one of its topics"
        NEVER = "never", "Never automatically"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"
        DEPRECATED = "deprecated", "Deprecated"

    class State(models.TextChoices):
        """Where a term stands for readers: its status and publish date read together."""

        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        SCHEDULED = "scheduled", "Scheduled"
        LIVE = "live", "Live"
        DEPRECATED = "deprecated", "Deprecated"

    name = models.CharField(max_length=200, help_text="The term as readers know it, in sentence case.")
    slug = models.SlugField(
        "address",
        max_length=200,
        unique=True,
        help_text="The last part of the term's address, e.g. “backflush” in /terms/backflush/. Filled from "
        "the name; lowercase letters, digits and hyphens. Changing it keeps the old address working.",
    )
    abbreviation = models.CharField(
        max_length=30, blank=True, help_text="The usual short form, e.g. MRP. Leave empty if there is none."
    )
    abbreviation_slug = models.SlugField(max_length=30, blank=True, editable=False, db_index=True)
    first_letter = models.CharField(max_length=1, editable=False, db_index=True)
    # The A-Z order as one indexed value, so that a page of a list is a range of it (glossary/listing.py).
    sort_key = models.CharField(max_length=201, editable=False, db_index=True, default="")
    definition = models.TextField(
        blank=True,
        help_text="Plain text, one or two sentences, at most 50 words. Required to publish.",
    )
    definition_html = models.TextField(
        blank=True,
        editable=False,
        help_text="The definition with the terms it mentions linked (search results).",
    )
    explanation = models.TextField(
        blank=True, help_text="The longer explanation, in Markdown: use in practice, an example, confusions."
    )
    explanation_html = models.TextField(blank=True, editable=False)
    example = models.TextField(blank=True, help_text="Optional: a short, concrete example.")
    usage_note = models.TextField(
        blank=True, help_text="Optional: a common confusion or how the term is used."
    )
    topics = models.ManyToManyField(
        Topic, related_name="terms", blank=True, help_text="File the term under one or more topics."
    )
    related = models.ManyToManyField(
        "self", blank=True, help_text="Terms a reader should see next. The link is shown on both pages."
    )
    status = models.CharField(
        max_length=12,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text="Draft and In review stay off the site. Published and Deprecated appear from the publish "
        "date on. Only Publishers may publish.",
    )
    replaced_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        help_text="For a deprecated term: the term readers should use instead.",
    )
    links_to = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        editable=False,
        related_name="linked_from",
        help_text="Terms the explanation links to, filled by the cross-linker.",
    )
    search_names = models.TextField(blank=True, editable=False, help_text="Normalized names, for search.")
    search_text = models.TextField(blank=True, editable=False, help_text="Normalized text, for search.")
    auto_link = models.BooleanField(
        default=True, help_text="Link mentions of other terms in the explanation automatically."
    )
    link_scope = models.CharField(
        "linked from",
        max_length=12,
        choices=LinkScope.choices,
        default=LinkScope.ANYWHERE,
        help_text="When a mention of this term in another explanation becomes a link to it. For a common "
        "word with other meanings (load, lane, carrier), choose “Only from terms that share one of its "
        "topics”, so that a truck load is not linked to work center load.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)  # the home page's latest terms
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When the term goes live, in the site's time zone. Empty on publishing means now; a "
        "future date and time schedules it (the term appears on its own at that moment).",
    )
    last_reviewed = models.DateField(null=True, blank=True, help_text="When an editor last checked the term.")
    source_id = models.CharField(
        "source id",
        max_length=200,
        blank=True,
        help_text="The identifier of this term in the file it was imported from, e.g. gs1:AllergenDetails. "
        "Re-importing a file updates the term with the same source id. Leave empty for terms written here.",
    )

    objects = TermQuerySet.as_manager()
    # Derived fields are recomputed on save, so history leaves them out; M2M links are not tracked
    # (see README, "Editorial workflow").
    history = HistoricalRecords(
        excluded_fields=[
            "definition_html",
            "explanation_html",
            "first_letter",
            "sort_key",
            "abbreviation_slug",
            "search_names",
            "search_text",
            "updated_at",
        ]
    )

    class Meta:
        ordering = ["first_letter", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="term_name_unique_ci",
                violation_error_message="A term with this name already exists (ignoring case).",
            ),
            models.UniqueConstraint(
                fields=["source_id"],
                condition=~Q(source_id=""),
                name="term_source_id_unique",
                violation_error_message="Another term already has this source id.",
            ),
        ]
        permissions = [("publish_term", "Can publish terms")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """Save, keep the old address answering, and note the change for glossary/derived.py,
        which refreshes the rendered explanation, cross-links and search rows (at once, or at the
        end of the surrounding `bulk_changes()` block)."""
        self.derive_fields()
        before = Term.objects.filter(pk=self.pk).values(*WATCHED_FIELDS).first() if self.pk else None
        with bulk_changes() as changes:
            super().save(*args, **kwargs)
            if before and before["slug"] != self.slug:
                FormerSlug.objects.filter(slug=self.slug).delete()
                FormerSlug.objects.update_or_create(slug=before["slug"], defaults={"term": self})
            self.note_change(changes, before)
        if not in_bulk():
            self.explanation_html, self.definition_html = Term.objects.values_list(
                "explanation_html", "definition_html"
            ).get(pk=self.pk)

    def get_absolute_url(self):
        return term_path(self.slug)

    def note_change(self, changes, before):
        """Whether other explanations may link to this term differently now: a new public term,
        one that went on or off the site, or one whose names or link scope changed."""
        was_public = before is not None and Term(**before).is_public
        if was_public != self.is_public or (
            self.is_public and any(before[name] != getattr(self, name) for name in LINK_FIELDS)
        ):
            old_keys = (before["name"], before["abbreviation"]) if was_public else ()
            changes.mentions_of(self.pk, *old_keys)
        else:
            changes.term(self.pk)

    def derive_fields(self):
        """Fill the fields computed from what the editor wrote (also used by bulk creation)."""
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        self.slug = self.slug.lower()
        self.first_letter = first_letter_of(self.name)
        self.sort_key = sort_key_of(self.name)
        self.abbreviation_slug = slugify(self.abbreviation)[:30]
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    @property
    def is_public(self):
        return self.status in PUBLIC_STATUSES and bool(
            self.published_at and self.published_at <= timezone.now()
        )

    @property
    def state(self):
        """Its Term.State: where the term stands for readers now."""
        if self.status in PUBLIC_STATUSES and self.published_at and self.published_at > timezone.now():
            return self.State.SCHEDULED
        if self.status == self.Status.PUBLISHED:
            return self.State.LIVE
        return self.State(self.status)

    def state_label(self):
        """The state in a few words for lists: "Scheduled for 12 Dec 2026 09:00 UTC", "Deprecated → MRP"."""
        state = self.state
        if state == self.State.SCHEDULED:
            return f"Scheduled for {moment(self.published_at, ' ')}"
        if state == self.State.DEPRECATED and self.replaced_by_id:
            return f"Deprecated → {self.replaced_by.name}"
        return state.label

    def publishing_summary(self):
        """What publishing will do or did, in a sentence, for the term form."""
        state = self.state
        if state == self.State.SCHEDULED:
            return f"Goes live on {moment(self.published_at)}, by itself; nothing else needs to run."
        if state == self.State.LIVE:
            return f"Live since {moment(self.published_at)}."
        if state == self.State.DEPRECATED:
            instead = f", pointing readers to {self.replaced_by.name}" if self.replaced_by_id else ""
            return f"Deprecated: on the site since {moment(self.published_at)}{instead}."
        if state == self.State.REVIEW:
            return "In review: not on the site. A publisher publishes it when it is ready."
        return "Draft: not on the site."

    def attach_page_parts(self):
        """Set what the term page shows besides the term itself (see glossary/page_queries.py):
        `page_labels` (visible ones), `page_senses`, `page_sources`, `page_topics`, and the public
        terms among `published_related` and `used_in` (terms whose explanation links here)."""
        from .page_queries import attach_parts

        attach_parts(self)

    def matched_by(self, query):
        """Why a search for `query` found this term when its name does not say so: the abbreviation
        or the visible label it matched, as {"kind": ..., "label": ...}; None for a name match."""
        wanted = " ".join(query.lower().split())
        if not wanted or wanted in self.name.lower():
            return None
        if self.abbreviation and self.abbreviation.lower().startswith(wanted):
            return {"kind": "abbreviation", "label": self.abbreviation}
        for label in self.labels.all():
            if label.is_visible and wanted in label.label.lower():
                return {"kind": label.kind, "label": label.label}
        return None

    @property
    def is_deprecated(self):
        return self.status == self.Status.DEPRECATED

    def clean(self):
        errors = {}
        if self.status in PUBLIC_STATUSES and not self.definition.strip():
            errors["definition"] = "A short definition is required to publish a term."
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            errors["replaced_by"] = "A term cannot be replaced by itself."
        if self.name and TermLabel.objects.filter(label__iexact=self.name).exclude(term_id=self.pk).exists():
            errors["name"] = f"“{self.name}” is already an alternate label of another term."
        if errors:
            raise ValidationError(errors)


# Statuses the public may see (from their publish date on); everything else is editorial.
PUBLIC_STATUSES = (Term.Status.PUBLISHED, Term.Status.DEPRECATED)


class TermLabel(models.Model):
    """Another name for a term: a synonym, abbreviation, variant spelling, plural or search-only label."""

    class Kind(models.TextChoices):
        SYNONYM = "synonym", "Synonym"
        ABBREVIATION = "abbreviation", "Abbreviation"
        VARIANT = "variant", "Spelling variant"
        PLURAL = "plural", "Plural"
        HIDDEN = "hidden", "Hidden (search only)"

    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, related_name="labels", help_text="The term this is another name of."
    )
    label = models.CharField(max_length=200, help_text="Another name readers use for the term.")
    kind = models.CharField(
        max_length=12,
        choices=Kind.choices,
        default=Kind.SYNONYM,
        help_text="Hidden labels are only searched; the others are shown as “Also called”.",
    )
    slug = models.SlugField(max_length=200, editable=False, db_index=True)
    auto_link = models.BooleanField(
        "link mentions",
        default=True,
        help_text="Link mentions of this label in other explanations to the term. Turn off for a label "
        "that is also an everyday word with another meaning.",
    )

    class Meta:
        ordering = ["kind", "label"]
        constraints = [
            models.UniqueConstraint(
                Lower("label"),
                name="termlabel_label_unique_ci",
                violation_error_message="Another term already uses this label (ignoring case).",
            )
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        self.slug = slugify(self.label)[:200]
        super().save(*args, **kwargs)

    @property
    def is_visible(self):
        return self.kind != self.Kind.HIDDEN

    def clean(self):
        clash = Term.objects.filter(name__iexact=self.label)
        if self.term_id:
            clash = clash.exclude(pk=self.term_id)
        if clash.exists():
            raise ValidationError({"label": f"“{self.label}” is already the name of another term."})


class TermSense(models.Model):
    """One numbered meaning of a term that has several (e.g. the two meanings of Backlog)."""

    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, related_name="senses", help_text="The term with several meanings."
    )
    number = models.PositiveSmallIntegerField(help_text="Senses are shown in this order: 1, 2, 3 ...")
    definition = models.TextField(help_text="Plain text, one or two sentences.")

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="termsense_unique_number")]

    def __str__(self):
        return f"{self.term} ({self.number})"


class TermSource(models.Model):
    """A published reference that supports a term's definition."""

    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, related_name="sources", help_text="The term the reference supports."
    )
    title = models.CharField(max_length=300, help_text="The title of the book, standard or article.")
    publisher = models.CharField(max_length=200, blank=True, help_text="Optional: who published it.")
    url = models.URLField("address", blank=True, help_text="Optional: where readers can find it online.")

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class FormerSlug(models.Model):
    """An address a term had before it was renamed: /terms/<old slug>/ answers 301 to the term."""

    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, related_name="former_slugs", help_text="The term it now leads to."
    )
    slug = models.SlugField(max_length=200, unique=True, help_text="The old part of the address.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"/terms/{self.slug}/ → {self.term}"


class SearchName(models.Model):
    """A term's name, abbreviation or label, normalized: what exact and prefix search compare."""

    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, related_name="search_keys", help_text="The term this key finds."
    )
    key = models.CharField(max_length=200, db_index=True, help_text="The name in lowercase, accents removed.")
    is_name = models.BooleanField(default=False, help_text="The term's own name (not a label).")

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.key


class SuggestionQuerySet(models.QuerySet):
    def waiting(self):
        """Suggestions no editor has decided yet: the editors' queue."""
        return self.filter(status=Suggestion.Status.NEW)

    def for_email(self, email):
        return self.filter(email__iexact=email.strip()).exclude(email="")

    def erase_email(self, email):
        """Forget this address on every suggestion that carries it; returns how many."""
        return self.for_email(email).update(email="")


class Suggestion(models.Model):
    """A reader's correction to a term, or a term a reader thinks the glossary lacks. Readers send
    them from the site without an account; editors accept, decline or mark them duplicate."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction to a term"
        NEW_TERM = "new_term", "New term"

    class Status(models.TextChoices):
        NEW = "new", "New"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        DUPLICATE = "duplicate", "Duplicate"

    kind = models.CharField(
        max_length=12, choices=Kind.choices, help_text="A correction to an existing term, or a new term."
    )
    term = models.ForeignKey(
        Term,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
        help_text="The term it is about. Accepting a new-term suggestion fills this with the draft "
        "it creates.",
    )
    term_name = models.CharField(
        "suggested term",
        max_length=200,
        blank=True,
        help_text="For a new term: the name the reader suggests.",
    )
    what = models.TextField(
        "suggestion",
        max_length=2000,
        help_text="What the reader suggests: the correction, or what the new term means.",
    )
    why = models.TextField("reason", max_length=2000, blank=True, help_text="Why, in the reader's words.")
    source = models.CharField(
        max_length=500,
        blank=True,
        help_text="Optional: where the reader read it (a book, standard or address).",
    )
    email = models.EmailField(
        blank=True,
        help_text="Optional: where the reader wants one reply when the suggestion is decided. Erased by "
        "the erase_lead command, like a quote request's address.",
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.NEW,
        db_index=True,
        help_text="New until an editor decides. Deciding sends the reader one reply (when they left "
        "an email).",
    )
    editor_note = models.TextField(
        "note to the reader",
        blank=True,
        help_text="Optional: a sentence added to the reply, e.g. why it was declined. Readers see it.",
    )
    created_at = models.DateTimeField("received", auto_now_add=True)
    decided_at = models.DateTimeField("decided", null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        "auth.User", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    reply_sent_at = models.DateTimeField("reply sent", null=True, blank=True, editable=False)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = "reader's suggestion"
        verbose_name_plural = "readers' suggestions"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="new_term") | ~Q(term_name="") | Q(term__isnull=False),
                name="suggestion_new_term_has_a_name",
                violation_error_message="A new-term suggestion needs the suggested term's name.",
            ),
        ]

    def __str__(self):
        subject = self.term.name if self.term_id else self.term_name or "a term"
        return f"{self.get_kind_display()}: {subject}"

    @property
    def is_decided(self):
        return self.status != self.Status.NEW

    def decide(self, status, user):
        """Record an editor's decision; accepting a new term creates its draft. Queues the one reply
        to the reader, after the transaction commits (the worker sends it, never this request)."""
        from django.db import transaction

        from .tasks import send_suggestion_reply

        with transaction.atomic():
            self.status, self.decided_at, self.decided_by = status, timezone.now(), user
            if status == self.Status.ACCEPTED and self.kind == self.Kind.NEW_TERM and self.term_id is None:
                self.term = self.create_draft()
            self.save()
            if self.email:
                transaction.on_commit(lambda: send_suggestion_reply.enqueue(self.pk))

    def create_draft(self):
        """A draft term with the reader's text, for an editor to finish (a name already in use gets a
        numbered one, which the editor renames)."""
        name, number = self.term_name.strip()[:190], 1
        while (
            Term.objects.filter(name__iexact=name).exists()
            or TermLabel.objects.filter(label__iexact=name).exists()
        ):
            number += 1
            name = f"{self.term_name.strip()[:190]} ({number})"
        slug, number = slugify(name)[:190] or "suggested-term", 1
        while Term.objects.filter(slug=slug).exists():
            number += 1
            slug = f"{slugify(name)[:190] or 'suggested-term'}-{number}"
        return Term.objects.create(name=name, slug=slug, definition=self.what, status=Term.Status.DRAFT)


class ListingQuerySet(models.QuerySet):
    def of(self, letter="", topic=None):
        """View All (no letter, no topic), one letter's terms or one topic's, or None before the
        first refresh."""
        return self.filter(letter=letter, topic=topic).first()

    def letters_in_use(self):
        return set(self.exclude(letter="").filter(term_count__gt=0).values_list("letter", flat=True))


class Listing(models.Model):
    """A list of published terms in A-Z order (all of them, a letter's or a topic's): how many it
    holds and where each of its pages starts. Derived data, written only by `glossary.listing.refresh`."""

    letter = models.CharField(max_length=1, blank=True, help_text="The letter listed; empty for all letters.")
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.CASCADE, help_text="The topic listed; empty for all."
    )
    term_count = models.PositiveIntegerField(default=0, help_text="How many published terms it lists.")

    objects = ListingQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["letter", "topic"], name="listing_unique")]

    def __str__(self):
        return self.topic.name if self.topic else self.letter or "All terms"


class ListingPage(models.Model):
    """One page of a listing: the sort key of its first term, and the names it runs from and to."""

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="pages", help_text="The list this page belongs to."
    )
    number = models.PositiveIntegerField(help_text="The page's number, from 1.")
    first_key = models.CharField(max_length=201, help_text="The sort key of the page's first term.")
    first_name = models.CharField(max_length=200, help_text="The name of the page's first term.")
    last_name = models.CharField(max_length=200, help_text="The name of the page's last term.")
    term_ids = models.JSONField(
        default=list, blank=True, help_text="A topic's page: the ids of its terms (empty for other lists)."
    )

    class Meta:
        ordering = ["listing", "number"]
        constraints = [models.UniqueConstraint(fields=["listing", "number"], name="listingpage_unique")]

    def __str__(self):
        return f"{self.listing}, page {self.number}"
