"""CIOP texts with the glossary terms they mention linked, by the rules of term explanations.

The programme's summary, description and audience, each FAQ answer, each module's summary,
outcomes and description, and each video's transcript are rendered (Markdown where editors write
Markdown) and cross-linked here into their `*_html` fields; pages only read them. This is the
one writer of those fields. glossary/derived.py calls `link_course_texts` when a CIOP text is
saved (signals.py) and whenever the names that link change (a term added, renamed, published or
unpublished), and it relinks every CIOP text at once.

Why stored and not linked at request time: building the matcher from every published name takes
120-330 ms at 3,000 terms (measured on our 2-core machine), while linking all 40 CIOP texts with
it takes about 3 ms. A request-time filter would pay the build in every worker after every save;
here it is paid once per change, and the refresh reuses the matcher the terms' relink built.

A text belongs to no topic, so a term linked only within its topics is not linked from it.
"""

from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape

from glossary.markup import render_markdown

from .models import FAQ, Module, Programme, Video

NO_TERM = None  # a CIOP text is not a term: no term is skipped as "itself"


def link_course_texts(matcher):
    """Render and link every CIOP text; `matcher()` gives the glossary's cross-link matcher."""
    programmes, faqs = list(Programme.objects.all()), list(FAQ.objects.all())
    modules, videos = list(Module.objects.all()), list(Video.objects.all())
    if not (programmes or faqs or modules or videos):
        return
    matcher = matcher()
    for programme in programmes:
        programme.summary_html, programme.description_html, programme.audience_html = linked(
            matcher,
            plain(programme.summary),
            render_markdown(programme.description),
            render_markdown(programme.audience),
        )
    for faq in faqs:
        [faq.answer_html] = linked(matcher, plain(faq.answer))
    for module in modules:
        outcomes = "".join(f"<li>{escape(outcome)}</li>" for outcome in module.outcome_list)
        module.summary_html, module.outcomes_html, module.description_html = linked(
            matcher, plain(module.summary), outcomes, render_markdown(module.description)
        )
    for video in videos:
        [video.transcript_html] = linked(matcher, plain(video.transcript))
    Programme.objects.bulk_update(programmes, ["summary_html", "description_html", "audience_html"])
    FAQ.objects.bulk_update(faqs, ["answer_html"])
    Module.objects.bulk_update(modules, ["summary_html", "outcomes_html", "description_html"], batch_size=500)
    Video.objects.bulk_update(videos, ["transcript_html"], batch_size=500)


def plain(text):
    return linebreaksbr(text)


def linked(matcher, *parts):
    """The parts of one text with links added: each term linked once, at its first mention."""
    done = set()
    return [matcher.link_html(part, NO_TERM, linked=done)[0] if part else "" for part in parts]
