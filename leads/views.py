from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from base.spam import Blocked, client_ip
from courses.models import Programme

from . import services
from .forms import LeadForm, safe_source_page
from .models import Lead, marketing_confirmation_token
from .pdf import render_quote
from .sources import source_link
from .spam import QUOTE_FORM

FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def quoted_programme():
    programme = Programme.objects.prefetch_related("discount_tiers").current()
    if programme is None:
        raise Http404("The program has not been set up yet.")
    return programme


def problem(request, status, message):
    return render(request, "leads/problem.html", {"message": message}, status=status)


def render_form(request, programme, form, status=200, blocked=""):
    context = {"programme": programme, "form": form, "blocked": blocked}
    return render(request, "leads/quote_form.html", context, status=status)


def retry_form(request, programme):
    """The visitor's input with a fresh start time and an empty honeypot, so a human can send again."""
    return LeadForm(QUOTE_FORM.retry_data(request), programme=programme)


@never_cache
@QUOTE_FORM.binds_stamps
def quote_request(request):
    programme = quoted_programme()
    if request.method != "POST":
        initial = {
            "source_page": safe_source_page(request.GET.get("from")),
            "started": QUOTE_FORM.started_stamp(request.form_key),
        }
        return render_form(request, programme, LeadForm(initial=initial, programme=programme))
    if request.content_type not in FORM_CONTENT_TYPES:
        return problem(request, 415, "Please send the quote form from our web page.")
    ip_address = client_ip(request)
    form = LeadForm(request.POST, programme=programme)
    try:
        QUOTE_FORM.check_flood(ip_address)
        if not form.is_valid():  # nothing is saved: field errors alone, without the spam rules' words
            QUOTE_FORM.count_rejected(ip_address)
            return render_form(request, programme, form, status=400)
        QUOTE_FORM.check(request, ip_address)
        QUOTE_FORM.count_saved(ip_address)
    except Blocked as blocked:
        return render_form(request, programme, retry_form(request, programme), blocked.status, str(blocked))
    visit = services.visit_snapshot(request, form.cleaned_data["source_page"])
    lead = services.submit_lead(form.cleaned_data, programme, visit)
    return redirect(lead)


def lead_or_gone(request, token):
    lead = get_object_or_404(Lead.objects.exclude(status=Lead.Status.SPAM), token=token)
    if lead.is_expired:
        return lead, render(request, "leads/quote_expired.html", {"lead": lead}, status=410)
    return lead, None


def private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def thanks(request, token):
    lead, gone = lead_or_gone(request, token)
    if gone:
        return private(gone)
    context = {"lead": lead, "came_from": source_link(lead.source_page)}
    return private(render(request, "leads/thanks.html", context))


def quote_pdf(request, token):
    lead, gone = lead_or_gone(request, token)
    if gone:
        return private(gone)
    response = HttpResponse(render_quote(lead), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{lead.quote_number}.pdf"'
    return private(response)


def privacy(request):
    return render(request, "leads/privacy.html", {"retention_days": settings.LEADS_RETENTION_DAYS})


def confirm_marketing(request, code):
    """The link in the auto-reply: a button (a mail scanner's GET confirms nothing), then a POST
    that records the confirmation. The link is signed and lapses with the unconfirmed consent."""
    try:
        token = marketing_confirmation_token(code)
    except signing.SignatureExpired:
        return private(
            problem(
                request, 410, "This confirmation link has expired. Ask for a new quote to subscribe again."
            )
        )
    except signing.BadSignature:
        return private(
            problem(
                request,
                400,
                "This confirmation link is not valid. Please copy the whole link from the email.",
            )
        )
    lead = get_object_or_404(
        Lead.objects.exclude(status=Lead.Status.SPAM), token=token, marketing_opt_in=True
    )
    if request.method == "POST":
        lead.confirm_marketing()
    return private(render(request, "leads/confirm_marketing.html", {"lead": lead}))
