"""CIOP texts with the glossary terms they mention linked, by the rules of term explanations.

The program's summary, description and audience, each FAQ answer, each module's summary,
outcomes and description, and each video's transcript are rendered (Markdown where editors write
Markdown) and cross-linked here into their `*_html` fields; pages only read them. This is the
one writer of those fields. glossary/derived.py calls `link_course_texts` when a CIOP text is
saved (signals.py) and whenever the names that link change (a term added, renamed, published or
unpublished), and it relinks every CIOP text at once.

Why stored and not linked at request time: building the matcher from every published name takes
120-330 ms at 3,000 terms (measured on our 2-core machine), while linking the 30 modules'
summaries and outcomes with it takes about 3 ms. A request-time filter would pay the build in
every worker after every save; here it is paid once per change, and the refresh reuses the
matcher the terms' relink built.

A text belongs to no topic, so a term linked only within its topics is not linked from it.
"""

from html import unescape

from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape

from glossary.markup import render_markdown

from .models import FAQ, Module, Programme, Video

NO_TERM = None  # a CIOP text is not a term: no term is skipped as "itself"


def outcomes_html(module):
    return "".join(f"<li>{escape(outcome)}</li>" for outcome in module.outcome_list)


# Each model's linked fields in reading order, each rendered from what the editor wrote. One
# object's fields are one text: a term is linked at its first mention in them.
LINKED = {
    Programme: {
        "summary_html": lambda programme: linebreaksbr(programme.summary),
        "description_html": lambda programme: render_markdown(programme.description),
        "audience_html": lambda programme: render_markdown(programme.audience),
    },
    FAQ: {"answer_html": lambda faq: linebreaksbr(faq.answer)},
    Module: {
        "summary_html": lambda module: linebreaksbr(module.summary),
        "outcomes_html": outcomes_html,
        "description_html": lambda module: render_markdown(module.description),
    },
    Video: {"transcript_html": lambda video: linebreaksbr(video.transcript)},
}


def link_course_texts(matcher, mentioned=None):
    """Render and link every CIOP text; `matcher()` gives the glossary's cross-link matcher. With
    `mentioned`, only when one of the texts may mention a term whose names changed: building the
    matcher reads every name (about 0.9 s at 100,000 terms)."""
    rows = {model: list(model.objects.all()) for model in LINKED}
    texts = {
        (obj, name): render(obj)
        for model, objects in rows.items()
        for obj in objects
        for name, render in LINKED[model].items()
    }
    if texts and (mentioned is None or any(mentioned(unescape(html)) for html in texts.values())):
        link_rows(rows, texts, matcher())


def link_rows(rows, texts, matcher):
    """Store each object's rendered `texts` with links, a term linked once across its fields."""
    for model, objects in rows.items():
        for obj in objects:
            done = set()
            for name in LINKED[model]:
                html = texts[obj, name]
                setattr(obj, name, matcher.link_html(html, NO_TERM, linked=done)[0] if html else "")
        model.objects.bulk_update(objects, list(LINKED[model]), batch_size=500)
