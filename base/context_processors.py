from django.conf import settings

from .links import layout_context


def site(request):
    """Values every page's layout needs: the canonical address, its links and static files."""
    return {
        "site_url": settings.SITE_URL,
        "canonical_url": settings.SITE_URL + request.path,
        **layout_context(),
    }
