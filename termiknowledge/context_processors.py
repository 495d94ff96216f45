import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import reverse

from glossary.models import LETTERS, NON_LETTER

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
    "bootstrap_css": "vendor/bootstrap/bootstrap.min.css",
    "site_css": "css/site.css",
    "video_embed_js": "js/video-embed.js",
    "search_combobox_js": "js/search-combobox.js",
}


def site(request):
    """Values every page's layout needs: the canonical address, the A-Z jump bar, its links and
    static files."""
    return {
        "site_url": settings.SITE_URL,
        "canonical_url": settings.SITE_URL + request.path,
        "alphabet": LETTERS + [NON_LETTER],
        "links": layout_links(),
        "assets": layout_assets(),
    }


@functools.cache
def layout_links():
    """Reversed once per process: a dozen reverse() calls took a tenth of a term page."""
    return {name: reverse(route) for name, route in LAYOUT_ROUTES.items()}


@functools.cache
def layout_assets():
    """Looked up once per process: the hashed names are fixed until the next deployment."""
    return {name: static(path) for name, path in LAYOUT_ASSETS.items()}


@receiver(setting_changed)
def forget_links(setting, **kwargs):
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME"}:
        layout_links.cache_clear()
    if setting in {"STORAGES", "STATIC_URL"}:
        layout_assets.cache_clear()
