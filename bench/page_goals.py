"""The goals for public pages rendered afresh, judged by `make bench` and `make bench-search`.

At the largest data set each page below serves at least 30 % of the rate of term pages at random
slugs (the reference), and at least 70 % of its own rate at the smallest data set: its cost does
not grow with the glossary. pages() reads the database Django is set up on.
"""

GOAL_PAGE_SHARE = 0.30  # of the term page's rate
GOAL_PAGE_KEPT = 0.70  # of the page's own rate at the smallest size
TERM_PAGE = "term page, random slugs"


def pages():
    """Each page judged, by name, with its address in the current data set."""
    from django.conf import settings

    from courses.models import Module
    from glossary.models import Term, Topic

    topic = Topic.objects.order_by("slug").first()
    module = Module.objects.order_by("pk").first()
    last_page = -(-Term.objects.published().count() // settings.TERMS_PER_PAGE)
    found = {
        "home": "/",
        "View All": "/terms/",
        "View All, a later page": f"/terms/?page={max(1, last_page // 2)}",
        "letter": "/terms/?letter=S",
        "topic": topic.get_absolute_url() if topic else None,
        "search, a typo": "/search/?q=invntory",
        "suggest": "/search/suggest/?q=inv",
        "/ciop/": "/ciop/",
        "module": module.get_absolute_url() if module else None,
    }
    return {name: path for name, path in found.items() if path}


def page_verdicts(rates, prefix="", references=None):
    """Goal lines from {size: {page: requests a second}}, the reference's rate under TERM_PAGE, or
    per page in `references` ({size: {page: the reference's rate measured just before it}})."""
    sizes = sorted(rates)
    small, large = rates[sizes[0]], rates[sizes[-1]]
    reference = (references or {}).get(sizes[-1], {})
    verdicts = []
    for name, rate in large.items():
        share, kept = rate / reference.get(name, large[TERM_PAGE]), rate / small[name]
        if name != TERM_PAGE:
            text = (
                f"{prefix}{sizes[-1]} terms: {name} at least {GOAL_PAGE_SHARE * 100:.0f} % of the term page"
            )
            verdicts.append(goal(text, share >= GOAL_PAGE_SHARE, f"{share:.1%}"))
        if len(sizes) > 1:
            text = f"{prefix}{sizes[-1]} terms: {name} at least {GOAL_PAGE_KEPT * 100:.0f} % of its rate"
            verdicts.append(goal(f"{text} at {sizes[0]}", kept >= GOAL_PAGE_KEPT, f"{kept:.0%}"))
    return verdicts


def goal(text, met, value):
    return f"- {'met' if met else 'MISSED'}: {text}: {value}"
