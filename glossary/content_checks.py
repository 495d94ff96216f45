"""Editorial rules for the demo glossary files, checked by the test suite and `check_demo_content`."""

import math
import re
from collections import Counter
from difflib import SequenceMatcher

from django.utils.text import slugify

from .spelling import british_words

MAX_DEFINITION_WORDS = 50
EXPLANATION_WORDS = (80, 250)
MIN_RELATED = 2
# What the course promises its participants, and what a reference glossary needs.
MIN_TERMS = 3000
MIN_TERMS_PER_TOPIC = 120
MIN_CITED_SHARE = 0.25
MIN_TERMS_WITH_SENSES = 14
NEAR_DUPLICATE_SIMILARITY = 0.9
# Fields written in our own words; labels of these kinds may keep British spellings for search.
US_SPELLING_FIELDS = ["name", "definition", "explanation", "example", "usage_note"]
BRITISH_LABEL_KINDS = {"variant", "hidden"}


def words(text):
    return re.findall(r"[a-z0-9]+", (text or "").lower())


def check_names_and_labels(entries):
    seen = Counter()
    for entry in entries:
        seen[entry["name"].lower()] += 1
        for item in entry.get("labels") or []:
            seen[item["label"].lower()] += 1
    return [f"name or label used {count} times: {name}" for name, count in seen.items() if count > 1]


def check_entry(entry, names, topic_slugs):
    name = entry["name"]
    problems = []
    definition_words = len(words(entry.get("definition")))
    if not 0 < definition_words <= MAX_DEFINITION_WORDS:
        problems.append(f"{name}: definition has {definition_words} words")
    low, high = EXPLANATION_WORDS
    if not low <= len(words(entry.get("explanation"))) <= high:
        problems.append(f"{name}: explanation is not {low}-{high} words")
    if not entry.get("topics") or not set(entry["topics"]) <= topic_slugs:
        problems.append(f"{name}: topics missing or unknown: {entry.get('topics')}")
    related = entry.get("related") or []
    missing = [other for other in related if other.lower() not in names]
    problems += [f"{name}: related term does not exist: {other}" for other in missing]
    if len(related) - len(missing) < MIN_RELATED:
        problems.append(f"{name}: fewer than {MIN_RELATED} related terms that exist")
    return problems


def our_own_text(entry):
    yield from (entry.get(field) or "" for field in US_SPELLING_FIELDS)
    yield from (sense["definition"] for sense in entry.get("senses") or [])
    yield from (
        item["label"] for item in entry.get("labels") or [] if item.get("kind") not in BRITISH_LABEL_KINDS
    )


def check_spelling(entry):
    found = list(dict.fromkeys(word for text in our_own_text(entry) for word in british_words(text)))
    return [f"{entry['name']}: British spelling: {', '.join(found)}"] if found else []


def check_former_slugs(entries):
    """An old address must not be a term's current one, nor lead to two terms."""
    current = {entry.get("slug") or slugify(entry["name"]) for entry in entries}
    seen = Counter(slug for entry in entries for slug in entry.get("former_slugs") or [])
    return [f"former slug {slug} is a term's current slug" for slug in seen if slug in current] + [
        f"former slug {slug} is listed by {count} terms" for slug, count in seen.items() if count > 1
    ]


def check_abbreviations(entries):
    by_abbreviation = {}
    for entry in entries:
        if entry.get("abbreviation"):
            by_abbreviation.setdefault(entry["abbreviation"].lower(), []).append(entry)
    return [
        f"abbreviation {key.upper()} is shared by {', '.join(e['name'] for e in group)} without senses"
        for key, group in by_abbreviation.items()
        if len(group) > 1 and not all(e.get("senses") for e in group)
    ]


def nearly_identical(words_a, words_b):
    return SequenceMatcher(None, words_a, words_b).ratio() >= NEAR_DUPLICATE_SIMILARITY


def candidate_pairs(texts):
    """Pairs whose word bags overlap enough to be worth comparing in order (Jaccard ≥ 0.7).

    Prefix filtering keeps this near linear: with each bag's words ordered rarest first, two bags
    that share that much must share a word among the first len - ceil(0.7 × len) + 1 of each, so
    only bags meeting in such a prefix are compared (a pairwise scan took 24 s at 3,000 terms)."""
    least_overlap = NEAR_DUPLICATE_SIMILARITY - 0.2
    bags = [(set(words), name, words) for name, words in texts]
    frequency = Counter(word for bag, _, _ in bags for word in bag)
    bags_by_prefix_word = {}
    for index, (bag, _, _) in enumerate(bags):
        ordered = sorted(bag, key=lambda word: (frequency[word], word))
        for word in ordered[: len(ordered) - math.ceil(least_overlap * len(ordered)) + 1]:
            bags_by_prefix_word.setdefault(word, []).append(index)
    candidates = {(a, b) for group in bags_by_prefix_word.values() for a in group for b in group if a < b}
    for a, b in sorted(candidates):
        bag_a, name_a, words_a = bags[a]
        bag_b, name_b, words_b = bags[b]
        if len(bag_a & bag_b) / len(bag_a | bag_b) >= least_overlap:
            yield (name_a, words_a), (name_b, words_b)


def check_near_duplicate_definitions(entries):
    texts = [(entry["name"], words(entry.get("definition"))) for entry in entries]
    return [
        f"definitions of {name_a} and {name_b} are nearly identical"
        for (name_a, words_a), (name_b, words_b) in candidate_pairs(texts)
        if nearly_identical(words_a, words_b)
    ]


def check_senses(entry):
    senses = entry.get("senses") or []
    problems = [f"{entry['name']}: one sense only; write it as the definition"] if len(senses) == 1 else []
    long = [n for n, sense in enumerate(senses, 1) if len(words(sense["definition"])) > MAX_DEFINITION_WORDS]
    return problems + [f"{entry['name']}: sense {n} has over {MAX_DEFINITION_WORDS} words" for n in long]


def topic_counts(entries, topic_slugs):
    counts = Counter(dict.fromkeys(topic_slugs, 0))
    counts.update(slug for entry in entries for slug in entry.get("topics") or [])
    return counts


def cited_share(entries):
    return sum(bool(entry.get("sources")) for entry in entries) / max(len(entries), 1)


def check_coverage(entries, topic_slugs):
    """The glossary as a whole: enough terms, in every topic, with senses and cited sources."""
    problems = (
        [f"{len(entries)} terms; the glossary promises at least {MIN_TERMS}"]
        if len(entries) < MIN_TERMS
        else []
    )
    problems += [
        f"topic {slug} has {count} terms; each needs at least {MIN_TERMS_PER_TOPIC}"
        for slug, count in topic_counts(entries, topic_slugs).items()
        if count < MIN_TERMS_PER_TOPIC
    ]
    if cited_share(entries) < MIN_CITED_SHARE:
        problems.append(
            f"{cited_share(entries):.0%} of terms cite a source; at least {MIN_CITED_SHARE:.0%} should"
        )
    with_senses = sum(bool(entry.get("senses")) for entry in entries)
    if with_senses < MIN_TERMS_WITH_SENSES:
        problems.append(f"{with_senses} terms list their senses; at least {MIN_TERMS_WITH_SENSES} should")
    return problems


def check_glossary(entries, topic_slugs):
    """Every problem found in the glossary entries, as readable lines; empty when all is well."""
    names = {entry["name"].lower() for entry in entries}
    problems = check_names_and_labels(entries) + check_abbreviations(entries) + check_former_slugs(entries)
    for entry in entries:
        problems += check_entry(entry, names, topic_slugs) + check_spelling(entry) + check_senses(entry)
    return problems + check_near_duplicate_definitions(entries) + check_coverage(entries, topic_slugs)
