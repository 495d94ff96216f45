import re
from html import unescape

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from glossary.search import normalise

register = template.Library()

WORD = re.compile(r"[\w'’&]+")


@register.filter
def highlight(text, tokens):
    """Escape the text and wrap in <mark> each word that starts with one of the search tokens."""
    text = str(text or "")
    if not tokens:
        return escape(text)
    pieces, position = [], 0
    for match in WORD.finditer(text):
        word = normalise(match.group(0))
        if word and any(part.startswith(token) for part in word.split() for token in tokens):
            pieces += [escape(text[position : match.start()]), f"<mark>{escape(match.group(0))}</mark>"]
            position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


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
