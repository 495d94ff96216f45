from django.conf import settings

from .links import current_nav, layout_context


def site(request):
    """Values every page's layout needs: the canonical address, its links and
    static files, and the navigation link of the section it is in."""
    return {
        "site_url": settings.SITE_URL,
        "canonical_url": settings.SITE_URL + request.path,
        "current_nav": current_nav(request.path),
        **layout_context(),
    }
