"""The CIOP promotion on other apps' pages: the sidebar and "Covered in CIOP module N".

Both read the promotion built once per content version and day (courses/promotion.py), so a page
that shows them adds no query once the promotion is built.
"""

from django import template
from django.conf import settings

from courses.promotion import get_promotion

register = template.Library()


@register.inclusion_tag("courses/includes/ciop_sidebar.html", takes_context=True)
def ciop_sidebar(context):
    """The program, its modules and faculty, the page's term's video (else the latest) and the
    link to the quote form."""
    promotion, term = get_promotion(), context.get("term")
    return {
        "promotion": promotion,
        "video": promotion.video_for(getattr(term, "pk", None)),
        "request": context.get("request"),
        "demo_notice": settings.DEMO_CONTENT_NOTICE,
    }


@register.inclusion_tag("courses/includes/demo_notice.html")
def demo_notice():
    """One notice that the faculty and videos are samples, while the demo content is shown."""
    return {"show": settings.DEMO_CONTENT_NOTICE}


@register.inclusion_tag("courses/includes/covered_in.html")
def covered_in(term):
    """The CIOP modules that teach this term."""
    return {"modules": get_promotion().modules_covering(term.pk)}
