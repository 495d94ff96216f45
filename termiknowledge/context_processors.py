from django.conf import settings

from glossary.models import LETTERS, NON_LETTER

from .links import layout_context


def site(request):
    """Values every page's layout needs: the canonical address, the A-Z jump bar, its links and
    static files."""
    return {
        "site_url": settings.SITE_URL,
        "canonical_url": settings.SITE_URL + request.path,
        "alphabet": LETTERS + [NON_LETTER],
        **layout_context(),
    }
