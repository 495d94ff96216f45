"""Markdown written by editors, turned into HTML that is safe to show on the site."""

import threading

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "i", "li",
    "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitise_html(html):
    """Keep only an allow-list of tags and attributes; no scripts, handlers or javascript: URLs."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener",
    )


_converters = threading.local()


def converter():
    """One Markdown converter per thread, reset between texts (building one costs more than using it)."""
    if not hasattr(_converters, "markdown"):
        _converters.markdown = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
    return _converters.markdown.reset()


def render_markdown(text):
    if not text:
        return ""
    return sanitise_html(converter().convert(text))
