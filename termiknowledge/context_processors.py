from django.conf import settings

from glossary.models import LETTERS, NON_LETTER


def site(request):
    """Values every page's layout needs: the canonical address and the A-Z jump bar."""
    return {
        "site_url": settings.SITE_URL,
        "canonical_url": settings.SITE_URL + request.path,
        "alphabet": LETTERS + [NON_LETTER],
    }
