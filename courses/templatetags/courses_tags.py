"""The CIOP promotion on other apps' pages: the sidebar and "Covered in CIOP module N".

Both read the promotion built once per content version and day (courses/promotion.py), so a page
that shows them adds no query once the promotion is built.
"""

from html import escape

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

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


@register.simple_tag
def module_list(modules):
    """/ciop/'s 30 modules, in order, each with its track, hours, summary and learning outcomes.
    Built here rather than by a template loop, which took a sixth of the page's 8 ms."""
    return mark_safe('<ol class="module-list list-unstyled">' + "".join(map(module_item, modules)) + "</ol>")


def module_item(module):
    outcomes = (
        '<details class="small"><summary>Learning outcomes</summary>'
        f'<ul class="mb-0">{module.outcomes_html}</ul></details>'
        if module.outcomes_html
        else ""
    )
    link = f'<a href="{escape(module.get_absolute_url())}">Module {module.number}: {escape(module.title)}</a>'
    track_name = escape(module.get_track_display())
    track = f'<span class="badge track-badge track-{escape(module.track)}">{track_name}</span>'
    return (
        f'<li class="module-item mb-3" id="module-{module.number}"><h3 class="h6 mb-1">{link} {track} '
        f'<span class="text-body-secondary small">· {module.hours.normalize():f} h</span></h3>'
        f'<p class="small mb-1">{module.summary_html or escape(module.summary)}</p>{outcomes}</li>'
    )
