"""The goals for public pages rendered afresh, judged by `make bench` and `make bench-search`.

At the largest data set each page below serves at least 30 % of the rate of term pages at random
slugs (the reference), and at least 70 % of its own rate at the smallest data set, both measured
against the reference: its cost does not grow with the glossary. pages() reads the database
Django is set up on.
"""

GOAL_PAGE_SHARE = 0.30  # of the term page's rate
GOAL_PAGE_KEPT = 0.70  # of the page's own rate at the smallest size
TERM_PAGE = "term page, random slugs"
STEADY_PAGE = "term page, steady slugs"  # the smallest data set's slugs, measured at a larger one


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


def page_verdicts(rates, prefix="", references=None, steadies=None):
    """Goal lines from {size: {page: requests a second}}, the reference's rate under TERM_PAGE, or
    per page in `references` ({size: {page: the reference's rate measured just before it}}).

    Both ratios are of shares: "kept" compares a page's share at the largest size with its share
    at the smallest, so that the shared machine's slow spells (which moved raw rates by half
    between sizes) cancel out; the raw ratio of rates is printed beside it. Its shares are of the
    rates in `steadies` where given (run.judged(): term pages at the same slugs at every size), so
    that the reference's own change of cost does not count against the page."""
    sizes = sorted(rates)
    small, large = sizes[0], sizes[-1]

    def share(size, name, rates_of=references):
        return rates[size][name] / (rates_of or {}).get(size, {}).get(name, rates[size][TERM_PAGE])

    steady = steadies or references
    verdicts = []
    for name, rate in rates[large].items():
        if name != TERM_PAGE:
            text = f"{prefix}{large} terms: {name} at least {GOAL_PAGE_SHARE * 100:.0f} % of the term page"
            verdicts.append(goal(text, share(large, name) >= GOAL_PAGE_SHARE, f"{share(large, name):.1%}"))
        if len(sizes) > 1:
            raw = rate / rates[small][name]
            kept = raw if name == TERM_PAGE else share(large, name, steady) / share(small, name, steady)
            text = f"{prefix}{large} terms: {name} at least {GOAL_PAGE_KEPT:.0%} of its rate at {small}"
            verdicts.append(goal(text, kept >= GOAL_PAGE_KEPT, f"{kept:.0%} (raw rates: {raw:.0%})"))
    return verdicts


def goal(text, met, value):
    return f"- {'met' if met else 'MISSED'}: {text}: {value}"
