from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_filters.views import FilterView

from base.links import absolute
from base.spam import Blocked, client_ip
from pagecache.version import current_version

from . import exports, listing, page_queries, structured_data
from .filters import TermFilter
from .forms import SUGGESTION_FORM, SuggestionForm
from .models import LETTERS, NON_LETTER, Term, Topic
from .pagination import NamedPaginator, page_links
from .search import MAX_QUERY_LENGTH

RECENT_TERMS_ON_HOME = 8
RESULTS_PER_PAGE = 20
SUGGESTIONS = 8
SUGGESTION_DEFINITION_CHARS = 110
DID_YOU_MEAN = 5
FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
ALPHABET = [*LETTERS, NON_LETTER]  # the jump bar's letters


def home(request):
    context = {
        "topics": Topic.objects.with_published_counts(),
        "recent_terms": Term.objects.published().as_cards().order_by("-updated_at")[:RECENT_TERMS_ON_HOME],
        "alphabet": ALPHABET,
        "letters_in_use": Term.objects.letters_in_use(),
        "term_of_the_day": term_of_the_day(),
        "structured_data": structured_data.defined_term_set(),
    }
    return render(request, "glossary/home.html", context)


def term_of_the_day():
    """Cached under the content version and the date: any save or a new day picks again."""
    today = timezone.localdate()
    key = f"glossary:term-of-the-day:{current_version()}:{today.isoformat()}"
    return cache.get_or_set(key, lambda: Term.objects.published().term_of_the_day(today), timeout=3600)


def search(request):
    """/search/?q=: ranked results, highlighted, 20 a page; a clear page for any input."""
    text = request.GET.get("q", "")
    public = Term.objects.published()
    results = public.search(text, load=public.result_cards)
    page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    indexable = is_indexable_search(request, results)
    context = {
        "query": text[:MAX_QUERY_LENGTH],
        "truncated": len(text) > MAX_QUERY_LENGTH,
        "results": results,
        "page_obj": page_obj,
        "topics": [] if results else Topic.objects.with_published_counts(),
        "indexable": indexable,
        # One address per query for search engines; no canonical on the pages they must not keep.
        "canonical_url": absolute(search_url(results.query)) if indexable else "",
    }
    return render(request, "glossary/search.html", context)


def search_url(query):
    return f"{reverse('glossary:search')}?{urlencode({'q': query})}"


def is_indexable_search(request, results):
    """Only the first page of a query's own results is for search engines: no empty page, no
    typo fix or lookalike names, no later page, no other parameter (each would be a thin copy)."""
    return (
        results.own_results
        and set(request.GET) <= {"q", "page"}
        and len(request.GET.getlist("q")) == 1
        and request.GET.getlist("page") in ([], ["1"])
    )


def suggest(request):
    """/search/suggest/?q=: JSON for search-as-you-type: each suggestion says why it matched and
    what the term means, and the answer says how many results the full search has. Search
    engines are told not to index it (the search page is the one to index)."""
    results = Term.objects.published().as_suggestions().search(request.GET.get("q", ""))
    query = results.correction or results.query
    suggestions = [
        {
            "name": term.name,
            "abbreviation": term.abbreviation,
            "url": term.get_absolute_url(),
            "definition": Truncator(term.definition).chars(SUGGESTION_DEFINITION_CHARS),
            "matched": term.matched_by(query),
        }
        for term in results[:SUGGESTIONS]
    ]
    response = JsonResponse(
        {
            "query": results.query,
            "correction": results.correction,
            "count": len(results),
            "suggestions": suggestions,
            "search_url": search_url(results.query),
        }
    )
    response["X-Robots-Tag"] = "noindex"
    return response


class TermListView(FilterView):
    """View All: every published term A-Z under letter headings, filtered and paginated."""

    filterset_class = TermFilter
    paginate_by = settings.TERMS_PER_PAGE
    paginator_class = NamedPaginator  # its pages say which names they hold
    template_name = "glossary/term_list.html"
    strict = True

    def get_queryset(self):
        # Built per request: published() compares with the current time (scheduled terms).
        return Term.objects.for_listing()

    def chosen_filters(self):
        return self.filterset.form.cleaned_data if self.filterset.is_valid() else {}

    def get_paginator(self, queryset, per_page, **kwargs):
        """View All, a letter or a topic by its stored listing; filtered by text, by counting."""
        chosen = self.chosen_filters()
        if chosen.get("q") or (self.filterset.is_bound and not self.filterset.is_valid()):
            return super().get_paginator(queryset, per_page, **kwargs)
        return listing.paginator_for(queryset, chosen.get("letter") or "", chosen.get("topic"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        chosen = self.chosen_filters()
        context["alphabet"] = ALPHABET
        context["letters_in_use"] = Term.objects.letters_in_use()
        context["active_letter"] = chosen.get("letter") or ""
        context["heading"] = list_heading(chosen)
        context["filters_open"] = bool(chosen.get("q") or chosen.get("topic"))
        context["page_links"] = page_links(context["page_obj"])
        return context


def list_heading(chosen):
    """What View All shows, in words: "Inventory management terms starting with B"."""
    topic, letter, text = chosen.get("topic"), chosen.get("letter"), chosen.get("q")
    heading = f"{topic.name} terms" if topic else "Terms" if letter or text else "View All terms"
    if letter:
        heading += " not starting with a letter" if letter == NON_LETTER else f" starting with {letter}"
    if text:
        heading += f" containing “{text}”"
    return heading


def term_detail(request, slug):
    term = page_queries.public_term(slug)
    if term is None:
        target = Term.objects.redirect_target(slug)
        if target is None:
            return term_not_found(request, slug)
        return redirect(target, permanent=True)
    return render(request, "glossary/term_detail.html", term_page_context(term))


def term_card(request, slug):
    """/terms/<slug>/card/: what a preview card shows when a reader points at a term link."""
    term = (
        Term.objects.published().filter(slug=slug).only("name", "slug", "abbreviation", "definition").first()
    )
    if term is None:
        return JsonResponse({"error": "No published term has this address."}, status=404)
    card = {"name": term.name, "abbreviation": term.abbreviation, "definition": term.definition}
    return JsonResponse({**card, "url": term.get_absolute_url()})


def term_not_found(request, slug):
    """A mistyped term address: 404, with the closest terms from the typo-tolerant search."""
    guess = slug.replace("-", " ")[:MAX_QUERY_LENGTH]
    context = {"guess": guess, "suggestions": Term.objects.published().search(guess)[:DID_YOU_MEAN]}
    return render(request, "glossary/term_not_found.html", context, status=404)


def term_page_context(term):
    """What the term page shows; the admin preview renders a draft with the same context."""
    term.attach_page_parts()
    return {"term": term, "structured_data": structured_data.for_term(term)}


def topic_detail(request, slug):
    """A topic's published terms A-Z, TERMS_PER_PAGE a page (a topic may hold thousands)."""
    topic = get_object_or_404(Topic, slug=slug)
    terms = topic.terms.for_listing()
    page_obj = listing.paginator_for(terms, topic=topic).get_page(request.GET.get("page"))
    context = {"topic": topic, "page_obj": page_obj, "page_links": page_links(page_obj)}
    return render(request, "glossary/topic_detail.html", context)


def export_csv(request):
    response = StreamingHttpResponse(exports.csv_lines(exports.published_terms()), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="termiknowledge-terms.csv"'
    return response


def export_json(request):
    terms = [exports.term_record(term) for term in exports.published_terms()]
    return JsonResponse({"terms": terms}, json_dumps_params={"ensure_ascii": False})


def export_jsonld(request):
    document = exports.skos_document(exports.published_terms())
    return JsonResponse(
        document, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False}
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@SUGGESTION_FORM.binds_stamps
def suggest_term(request):
    """/suggest/: a reader suggests a term the glossary lacks."""
    return suggestion_form(request, term=None)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@SUGGESTION_FORM.binds_stamps
def suggest_correction(request, slug):
    """/suggest/terms/<slug>/: a reader suggests a correction to a published term."""
    term = Term.objects.published().filter(slug=slug).only("pk", "name", "slug", "definition").first()
    if term is None:
        raise Http404("No published term has this address.")
    return suggestion_form(request, term)


def suggestion_form(request, term):
    """Show the form, or take a suggestion through the spam rules into the editors' queue."""
    if request.method != "POST":
        form = SuggestionForm(term=term, initial={"started": SUGGESTION_FORM.started_stamp(request.form_key)})
        return render_suggestion_form(request, form, term)
    if request.content_type not in FORM_CONTENT_TYPES:
        return render(request, "glossary/suggestion_problem.html", status=415)
    ip_address = client_ip(request)
    form = SuggestionForm(request.POST, term=term)
    try:
        SUGGESTION_FORM.check(request, ip_address)
        if not form.is_valid():
            SUGGESTION_FORM.count_rejected(ip_address)
            return render_suggestion_form(request, form, term, status=400)
        SUGGESTION_FORM.count_saved(ip_address)
    except Blocked as blocked:
        retry = SuggestionForm(SUGGESTION_FORM.retry_data(request), term=term)
        return render_suggestion_form(request, retry, term, blocked.status, str(blocked))
    form.save()
    return redirect("glossary:suggestion_thanks")


def render_suggestion_form(request, form, term, status=200, blocked=""):
    context = {"form": form, "term": term, "blocked": blocked}
    return render(request, "glossary/suggestion_form.html", context, status=status)


@never_cache
def suggestion_thanks(request):
    return render(request, "glossary/suggestion_thanks.html")
