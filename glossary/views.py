from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django_filters.views import FilterView

from pagecache.version import current_version

from . import exports, page_queries, structured_data
from .filters import TermFilter
from .models import LETTERS, NON_LETTER, Term, Topic
from .search import MAX_QUERY_LENGTH

RECENT_TERMS_ON_HOME = 8
RESULTS_PER_PAGE = 20
SUGGESTIONS = 8
ALPHABET = [*LETTERS, NON_LETTER]  # the jump bar's letters


def home(request):
    context = {
        "topics": Topic.objects.with_published_counts(),
        "recent_terms": Term.objects.published().order_by("-updated_at")[:RECENT_TERMS_ON_HOME],
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
    results = Term.objects.published().prefetch_related("topics").search(text)
    context = {
        "query": text[:MAX_QUERY_LENGTH],
        "truncated": len(text) > MAX_QUERY_LENGTH,
        "results": results,
        "page_obj": Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page")),
        "topics": [] if results else Topic.objects.with_published_counts(),
    }
    return render(request, "glossary/search.html", context)


def suggest(request):
    """/search/suggest/?q=: JSON for search-as-you-type."""
    results = Term.objects.published().search(request.GET.get("q", ""))
    suggestions = [
        {"name": term.name, "abbreviation": term.abbreviation, "url": term.get_absolute_url()}
        for term in results[:SUGGESTIONS]
    ]
    return JsonResponse({"query": results.query, "count": len(results), "suggestions": suggestions})


class TermListView(FilterView):
    """View All: every published term A-Z under letter headings, filtered and paginated."""

    filterset_class = TermFilter
    paginate_by = settings.TERMS_PER_PAGE
    template_name = "glossary/term_list.html"
    strict = True

    def get_queryset(self):
        # Built per request: published() compares with the current time (scheduled terms).
        return Term.objects.for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["alphabet"] = ALPHABET
        context["letters_in_use"] = Term.objects.letters_in_use()
        context["active_letter"] = (
            self.filterset.form.cleaned_data.get("letter") if self.filterset.is_valid() else ""
        )
        return context


def term_detail(request, slug):
    term = page_queries.public_term(slug)
    if term is None:
        target = Term.objects.redirect_target(slug)
        if target is None:
            raise Http404("No published term has this address.")
        return redirect(target, permanent=True)
    return render(request, "glossary/term_detail.html", term_page_context(term))


def term_page_context(term):
    """What the term page shows; the admin preview renders a draft with the same context."""
    term.attach_page_parts()
    return {"term": term, "structured_data": structured_data.for_term(term)}


def topic_detail(request, slug):
    """A topic's published terms A-Z, TERMS_PER_PAGE a page (a topic may hold thousands)."""
    topic = get_object_or_404(Topic, slug=slug)
    terms = topic.terms.published().alphabetical()
    page_obj = Paginator(terms, settings.TERMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "glossary/topic_detail.html", {"topic": topic, "page_obj": page_obj})


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
