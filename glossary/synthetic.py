"""Realistic synthetic terms for benchmarks and tests: combinations of supply chain words.

`make_synthetic_terms(100_000)` creates terms with unique names in batches (bulk_create) and
keeps the search index in step; cross-links are left to `manage.py relink_terms`.
"""

import itertools
import random

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from . import linking, listing, search
from .models import Term, Topic

QUALIFIERS = (  # noqa: SIM905 (word lists read better as text)
    "Adaptive Advanced Annual Automated Balanced Centralized Collaborative Consigned Continuous "
    "Cross-dock Cyclical Decentralized Dedicated Demand-driven Dynamic Economic Effective Emergency "
    "Expedited Fixed Flexible Forward Global Inbound Integrated Inter-company Just-in-time Lean "
    "Local Manual Multi-echelon Net Nominal Optimal Outbound Periodic Perpetual Planned Projected "
    "Regional Reverse Rolling Safety Seasonal Shared Standard Strategic Tactical Vendor-managed "
    "Virtual Weekly"
).split()
SUBJECTS = (  # noqa: SIM905 (word lists read better as text)
    "allocation assembly backlog batch bin buffer capacity carrier cost count customs cycle demand "
    "dispatch distribution freight fulfillment inventory invoice item kanban labor lead-time load "
    "lot material order pallet picking pipeline planning procurement production purchase quality "
    "receipt replenishment requirement reservation routing schedule service shipment sourcing stock "
    "storage supplier supply tariff transport warehouse yard"
).split()
HEADS = (  # noqa: SIM905 (word lists read better as text)
    "accuracy analysis audit balance ceiling coverage deviation factor forecast horizon index level "
    "limit matrix method model policy point profile rate ratio report review rule score strategy "
    "system target threshold time variance window"
).split()


def candidate_names(seed):
    combinations = list(itertools.product(QUALIFIERS, SUBJECTS, HEADS))
    random.Random(seed).shuffle(combinations)
    for qualifier, subject, head in combinations:
        yield f"{qualifier} {subject} {head}"
    for (qualifier, subject, head), number in zip(itertools.cycle(combinations), itertools.count(2)):
        yield f"{qualifier} {subject} {head} {number}"


DEFINITIONS = (
    "The {head} used to manage {subject} across the supply chain, set per item and site.",
    "A {head} that planners apply to {subject} so that {other} stays within agreed limits.",
    "How the {subject} {head} is measured and reviewed, usually each cycle.",
    "The agreed {head} for {subject}, expressed per period or per order line.",
    "A {qualifier} {head} that keeps {subject} and {other} aligned.",
    "The share of {subject} handled under a {qualifier} {head}.",
)
EXPLANATIONS = (
    "Teams review the {name} when {other} changes.",
    "It links {subject} decisions to the {other} {head2}.",
    "A {qualifier} approach lowers the {head2} but raises {other} effort.",
    "Auditors compare the {name} with last year's {other} {head2}.",
    "Software usually computes it nightly from {other} data.",
    "Compare it with the {other} {head2} before changing {subject} rules.",
    "It is reported with the safety stock and the reorder point.",
)


def initials(name):
    """'Net stock coverage' -> 'NSC', used as the abbreviation of about one term in ten."""
    return "".join(word[0] for word in name.split() if word[0].isalpha()).upper()


def build_term(name, rng, now):
    qualifier, subject, head = name.lower().split()[:3]
    words = {
        "name": name.lower(),
        "qualifier": qualifier,
        "subject": subject,
        "head": head,
        "other": rng.choice(SUBJECTS),
        "head2": rng.choice(HEADS),
    }
    term = Term(
        name=name,
        abbreviation=initials(name) if rng.random() < 0.1 else "",
        definition=rng.choice(DEFINITIONS).format(**words),
        explanation=" ".join(sentence.format(**words) for sentence in rng.sample(EXPLANATIONS, 2)),
        status=Term.Status.PUBLISHED,
        published_at=now,
        last_reviewed=now.date(),
    )
    term.derive_fields()
    return term


def new_names(count, seed):
    taken = {slugify(name) for name in Term.objects.values_list("name", flat=True)}
    names = []
    for name in candidate_names(seed):
        if len(names) >= count:  # a count of 0 or less asks for none
            return names
        if slugify(name) not in taken:
            taken.add(slugify(name))
            names.append(name)
    return names


def make_synthetic_terms(count, seed=1, batch_size=2000):
    """Create `count` published terms; returns their number."""
    rng, now = random.Random(seed), timezone.now()
    topic_ids = list(Topic.objects.values_list("pk", flat=True))
    names = new_names(count, seed)
    for start in range(0, len(names), batch_size):
        create_batch(names[start : start + batch_size], rng, now, topic_ids)
    listing.refresh()
    return len(names)


@transaction.atomic
def create_batch(names, rng, now, topic_ids):
    terms = Term.objects.bulk_create([build_term(name, rng, now) for name in names])
    if not terms or terms[0].pk is None:  # backends that do not return ids
        terms = list(Term.objects.filter(name__in=names))
    if topic_ids:
        through = Term.topics.through
        through.objects.bulk_create(
            [through(term_id=term.pk, topic_id=rng.choice(topic_ids)) for term in terms]
        )
    ids = [term.pk for term in terms]
    linking.relink(Term.objects.filter(pk__in=ids), matcher=linking.Matcher({}))  # rendered, not linked
    search.reindex(ids)
