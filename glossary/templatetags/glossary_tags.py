import re
from functools import lru_cache
from html import escape as plain_escape
from html import unescape
from urllib.parse import quote

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from glossary.search import normalise

register = template.Library()

WORD = re.compile(r"[\w'’&]+")
CARD_DEFINITION_WORDS = 30
RESULT_DEFINITION_WORDS = 40
DEPRECATED_BADGE = ' <span class="badge text-bg-warning">Deprecated</span>'


@register.simple_tag
def term_cards(terms):
    """A list item per term: its name linked, its abbreviation, a deprecated badge and the start of
    its definition. Built here rather than by including a template per term: a hundred includes
    took about half of View All's 11 ms at 100,000 terms."""
    return mark_safe("".join(map(term_card, terms)))


def term_card(term):
    abbreviation = abbreviation_html(plain_escape(term.abbreviation)) if term.abbreviation else ""
    deprecated = DEPRECATED_BADGE if term.is_deprecated else ""
    return (
        f'<li class="term-item">\n  <a class="term-name" href="{plain_escape(term.get_absolute_url())}">'
        f"{plain_escape(term.name)}</a>{abbreviation}{deprecated}\n"
        f'  <p class="mb-0 small">{plain_escape(card_definition(term.definition))}</p>\n</li>'
    )


def abbreviation_html(markup):
    return f' <abbr class="text-body-secondary">({markup})</abbr>'


@register.simple_tag(takes_context=True)
def jump_bar(context):
    """The A-Z bar: a link per letter in use (the active one marked), the others shown disabled.
    Built here: the template's loop over 26 letters took 0.5 ms of a 7 ms list page."""
    in_use, active = context["letters_in_use"], context.get("active_letter")
    base = plain_escape(context["links"]["term_list"])
    letters = (jump_letter(each, each in in_use, each == active, base) for each in context["alphabet"])
    return mark_safe(
        '<nav class="jump-bar" aria-label="Terms by first letter">\n'
        f'  <ul class="list-unstyled d-flex flex-wrap gap-1 mb-0">{"".join(letters)}</ul>\n</nav>'
    )


def jump_letter(letter, in_use, active, base):
    text = plain_escape(letter)
    if not in_use:
        return f'<li><span class="jump-letter disabled" aria-disabled="true">{text}</span></li>'
    current = ' active" aria-current="page' if active else ""
    return f'<li><a class="jump-letter{current}" href="{base}?letter={quote(letter)}">{text}</a></li>'


@register.simple_tag
def topic_options(field):
    """The topic filter's options, the chosen one selected: the template's loop took 0.6 ms."""
    chosen = field.value()
    options = [f'<option value="">{plain_escape(field.field.empty_label)}</option>']
    for topic in field.field.queryset:
        selected = " selected" if topic.slug == chosen else ""
        value, name = plain_escape(topic.slug), plain_escape(topic.name)
        options.append(f'<option value="{value}"{selected}>{name}</option>')
    return mark_safe("".join(options))


@register.simple_tag
def search_results(terms, tokens):
    """A list item per search result: its name and abbreviation with the query's words marked,
    a deprecated badge, the start of its definition (linked, marked) and its topics. Built here,
    as term cards are: in the template they took two thirds of a search page's 11 ms."""
    return mark_safe("".join(search_result(term, tokens) for term in terms))


def search_result(term, tokens):
    abbreviation = abbreviation_html(highlight(term.abbreviation, tokens)) if term.abbreviation else ""
    deprecated = DEPRECATED_BADGE if term.is_deprecated else ""
    topics = ", ".join(
        f'<a href="{plain_escape(topic.get_absolute_url())}">{plain_escape(topic.name)}</a>'
        for topic in term.topics
    )
    topics = f'\n  <p class="mb-0 small text-body-secondary">Topics: {topics}</p>' if topics else ""
    return (
        f'<li class="search-result mb-3">\n  <a class="term-name fw-semibold" '
        f'href="{plain_escape(term.get_absolute_url())}">{highlight(term.name, tokens)}</a>'
        f"{abbreviation}{deprecated}\n"
        f'  <p class="mb-0 small">{result_definition(term, tokens)}</p>{topics}\n</li>'
    )


def result_definition(term, tokens):
    """The definition's first RESULT_DEFINITION_WORDS words, linked where it has links, marked."""
    html = term.definition_html
    text = html or term.definition
    if term.definition.count(" ") >= RESULT_DEFINITION_WORDS:  # most are shorter: kept as they are
        text = Truncator(text).words(RESULT_DEFINITION_WORDS, html=bool(html), truncate=" …")
    return highlight_html(text, tokens) if html else highlight(text, tokens)


def card_definition(text):
    """The definition's first CARD_DEFINITION_WORDS words (most are shorter: kept as they are)."""
    if text.count(" ") < CARD_DEFINITION_WORDS:
        return text
    return Truncator(text).words(CARD_DEFINITION_WORDS, truncate=" …")


@register.filter
def highlight(text, tokens):
    """Escape the text and wrap in <mark> each word that starts with one of the search tokens."""
    text = str(text or "")
    if not tokens:
        return escape(text)
    tokens, pieces, position = tuple(tokens), [], 0
    if not could_mark(text, tokens):
        return mark_safe(plain_escape(text))
    for match in WORD.finditer(text):
        if is_marked(match.group(0), tokens):
            pieces += [
                plain_escape(text[position : match.start()]),
                f"<mark>{plain_escape(match.group(0))}</mark>",
            ]
            position = match.end()
    pieces.append(plain_escape(text[position:]))
    return mark_safe("".join(pieces))


def could_mark(text, tokens):
    """False when no word of the text can be marked: plain ASCII words (nothing for normalizing
    to change but case) where no token occurs. Most pieces of a linked definition are such, and
    testing each word of them took a third of marking a page of results (0.25 of 0.75 ms)."""
    if not text.isascii() or "'" in text or "&" in text:
        return True
    lowered = text.lower()
    return any(token in lowered for token in tokens)


@lru_cache(maxsize=20_000)
def is_marked(word, tokens):
    """Whether a word of a text starts, as search compares it, with one of the tokens; cached, as
    the same words recur on every page (normalizing each text again took a fifth of a search
    page's time, and testing each word here costs less than normalizing the text to skip it)."""
    return any(part.startswith(tokens) for part in normalise(word).split())


TAG = re.compile(r"(<[^>]*>)")


@register.filter
def highlight_html(html, tokens):
    """`highlight` for HTML the site wrote itself (a linked definition): marks words between tags."""
    pieces = TAG.split(str(html or ""))
    return mark_safe(
        "".join(
            piece if index % 2 else highlight(unescape(piece), tokens) for index, piece in enumerate(pieces)
        )
    )
