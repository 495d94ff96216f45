from django.conf import settings
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django_filters.views import FilterView

from courses.promotion import get_promotion

from . import exports
from .filters import TermFilter
from .models import Term, Topic

RECENT_TERMS_ON_HOME = 8


def home(request):
    context = {
        "topics": Topic.objects.with_published_counts(),
        "recent_terms": Term.objects.published().order_by("-updated_at")[:RECENT_TERMS_ON_HOME],
        "letters_in_use": Term.objects.letters_in_use(),
        "promotion": get_promotion(),
    }
    return render(request, "glossary/home.html", context)


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
        context["letters_in_use"] = Term.objects.letters_in_use()
        context["active_letter"] = (
            self.filterset.form.cleaned_data.get("letter") if self.filterset.is_valid() else ""
        )
        return context


def term_detail(request, slug):
    term = Term.objects.for_page().filter(slug=slug).first()
    if term is None:
        target = Term.objects.redirect_target(slug)
        if target is None:
            raise Http404("No published term has this address.")
        return redirect(target, permanent=True)
    promotion = get_promotion()
    context = {"term": term, "promotion": promotion, "covered_in": promotion.modules_covering(term.pk)}
    return render(request, "glossary/term_detail.html", context)


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    terms = topic.terms.published().alphabetical()
    return render(request, "glossary/topic_detail.html", {"topic": topic, "terms": terms})


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
