"""The editorial checks over the glossary as a whole: counts per topic, senses, cited sources."""

from glossary import content_checks
from glossary.content_checks import check_coverage, check_senses, cited_share, topic_counts


def entry(name, topics=("inventory",), sources=None, senses=None):
    return {"name": name, "topics": list(topics), "sources": sources, "senses": senses}


def test_a_single_sense_or_a_long_one_is_reported():
    assert check_senses(entry("Load", senses=[{"definition": "Work."}])) == [
        "Load: one sense only; write it as the definition"
    ]
    long = {"definition": "word " * 51}
    assert check_senses(entry("Load", senses=[{"definition": "Work."}, long])) == [
        "Load: sense 2 has over 50 words"
    ]


def test_coverage_counts_terms_per_topic_and_cited_share(monkeypatch):
    monkeypatch.setattr(content_checks, "MIN_TERMS", 3)
    monkeypatch.setattr(content_checks, "MIN_TERMS_PER_TOPIC", 2)
    monkeypatch.setattr(content_checks, "MIN_CITED_SHARE", 0.5)
    monkeypatch.setattr(content_checks, "MIN_TERMS_WITH_SENSES", 1)
    entries = [
        entry("A", sources=[{"title": "ISO 9000:2015"}]),
        entry("B", topics=["inventory", "packaging"]),
    ]
    assert topic_counts(entries, ["inventory", "packaging", "quality"]) == {
        "inventory": 2,
        "packaging": 1,
        "quality": 0,
    }
    assert cited_share(entries) == 0.5
    assert check_coverage(entries, ["inventory", "packaging"]) == [
        "2 terms; the glossary promises at least 3",
        "topic packaging has 1 terms; each needs at least 2",
        "0 terms list their senses; at least 1 should",
    ]
