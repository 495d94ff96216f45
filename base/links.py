"""Addresses every app needs: absolute URLs, and the layout's routes looked up once per process.

reverse() costs about 15 µs a call and `{% static %}` about as much; the layout links a dozen
routes and files, and a page can list hundreds of terms. The answers depend only on the URLconf,
the script prefix and the static files storage, which are fixed while the site runs; tests that
change them send setting_changed, which forgets everything here.
"""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse

# The addresses the layout links to on every page, by the name templates use: `{{ links.home }}`.
LAYOUT_ROUTES = {
    "home": "glossary:home",
    "term_list": "glossary:term_list",
    "term_feed": "glossary:term_feed",
    "search": "glossary:search",
    "suggest": "glossary:suggest",
    "programme": "courses:programme",
    "videos": "courses:videos",
    "quote": "leads:quote",
}
# The static files every page loads, by the name templates use: `{{ assets.site_css }}`.
LAYOUT_ASSETS = {
    "favicon": "favicon.svg",
    "wordmark": "wordmark.svg",
    "bootstrap_css": "vendor/bootstrap/bootstrap.min.css",
    "site_css": "css/site.css",
    "video_embed_js": "js/video-embed.js",
    "search_combobox_js": "js/search-combobox.js",
    "term_preview_js": "js/term-preview.js",
}
# The main navigation's links (by their name in `links`) and the routes of the section each one
# leads to: on any page of a section its link is marked with aria-current.
NAV_SECTIONS = {
    "term_list": ["glossary:term_list", "glossary:topic_detail"],
    "programme": ["courses:programme"],
    "videos": ["courses:videos"],
}
PLACEHOLDER = "argument-placeholder"


def absolute(path):
    """A path on the public address (SITE_URL), for feeds, structured data, exports and emails."""
    return settings.SITE_URL + path


def layout_context():
    """What the layout (templates/base.html) needs besides the request: `links` and `assets`."""
    return {"links": layout_links(), "assets": layout_assets()}


@functools.cache
def layout_links():
    return {name: reverse(route) for name, route in LAYOUT_ROUTES.items()}


@functools.cache
def layout_assets():
    return {name: static(path) for name, path in LAYOUT_ASSETS.items()}


def current_nav(path):
    """The main navigation link for the section `path` is in, with its aria-current value: "page"
    on the link's own page, "true" elsewhere in its section; {} outside every section."""
    for name, prefixes in nav_prefixes().items():
        if path.startswith(prefixes):
            return {name: "page" if path == layout_links()[name] else "true"}
    return {}


@functools.cache
def nav_prefixes():
    """Each section's path prefixes: ("/terms/", "/topics/") for View All."""
    return {name: tuple(map(route_prefix, routes)) for name, routes in NAV_SECTIONS.items()}


def route_prefix(route):
    """What every path of a route starts with: "/terms/", or "/topics/" for /topics/<slug>/."""
    try:
        return reverse(route)
    except NoReverseMatch:
        return path_template(route).split("{}")[0]


@functools.cache
def path_template(route):
    """The path of a route with one slug argument, as a format string: "/terms/{}/". A slug
    matches the route's own pattern only if it needs no quoting, so formatting gives what
    reverse() would."""
    return reverse(route, args=[PLACEHOLDER]).replace(PLACEHOLDER, "{}")


@receiver(setting_changed)
def forget(setting, **kwargs):
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME"}:
        layout_links.cache_clear()
        path_template.cache_clear()
        nav_prefixes.cache_clear()
    if setting in {"STORAGES", "STATIC_URL"}:
        layout_assets.cache_clear()
