"""The CIOP promotion on other apps' pages: the sidebar and "Covered in CIOP module N".

Both read the promotion built once per content version and day (courses/promotion.py), so a page
that shows them adds no query once the promotion is built.
"""

from django import template

from courses.promotion import get_promotion

register = template.Library()


@register.inclusion_tag("courses/includes/ciop_sidebar.html", takes_context=True)
def ciop_sidebar(context):
    """The programme, its modules and faculty, the latest video and the link to the quote form."""
    return {"promotion": get_promotion(), "request": context.get("request")}


@register.inclusion_tag("courses/includes/covered_in.html")
def covered_in(term):
    """The CIOP modules that teach this term."""
    return {"modules": get_promotion().modules_covering(term.pk)}
