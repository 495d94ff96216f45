"""The lead score: fit plus engagement, each point with its reason, kept on the lead."""

from io import StringIO

import pytest
from django.core.management import call_command

from leads.models import Lead

pytestmark = pytest.mark.django_db


def scored(submit, **overrides):
    submit(**overrides)
    return Lead.objects.order_by("-pk").first()


def test_a_small_request_from_nowhere_scores_nothing(submit):
    lead = scored(submit, participants="1", job_title="Analyst", source_page="")
    assert lead.score == 0 and lead.score_reasons == []


def test_fit_counts_group_size_decision_makers_and_in_company_format(submit):
    lead = scored(
        submit, participants="12", job_title="Head of Planning", preferred_format="in_company", source_page=""
    )
    assert lead.score == 30 + 15 + 20
    reasons = [reason for _, reason in lead.score_reasons]
    assert reasons == [
        "12 participants (10 or more)",
        "Job title suggests a decision maker (Head of Planning)",
        "Asks for an in-company course",
    ]


def test_engagement_counts_earlier_requests_and_the_page_read_before_asking(submit, settings):
    settings.LEADS_RATE_LIMIT = (100, 600)
    first = scored(submit, participants="1", job_title="Analyst")
    assert first.score_reasons == [[5, "Read /terms/mrp/ before asking"]]
    scored(submit, participants="1", job_title="Analyst", source_page="")
    third = scored(submit, participants="1", job_title="Analyst", source_page="")
    assert third.score_reasons == [[20, "Asked before (2 earlier requests)"]]


def test_the_score_does_not_change_when_sales_work_the_lead(submit):
    lead = scored(submit)
    score = lead.score
    lead.status = Lead.Status.QUALIFIED
    lead.save()
    lead.refresh_from_db()
    assert lead.score == score and lead.score_reasons


def test_score_bands_filter_the_list(submit):
    scored(submit, participants="12", preferred_format="in_company", email="big@example.com")
    scored(submit, participants="1", job_title="Analyst", source_page="", email="small@example.com")
    assert list(Lead.objects.with_score_band("high").values_list("email", flat=True)) == ["big@example.com"]
    assert list(Lead.objects.with_score_band("low").values_list("email", flat=True)) == ["small@example.com"]


def test_score_leads_scores_earlier_requests_by_the_current_rules_without_history(submit, settings):
    settings.LEADS_RATE_LIMIT = (100, 600)
    scored(submit, participants="12")
    scored(submit, participants="1", job_title="Analyst", source_page="")
    Lead.objects.update(score=0, score_reasons=[])  # as saved before the score existed
    history_rows = Lead.history.count()

    call_command("score_leads", stdout=StringIO())

    first, second = Lead.objects.order_by("created_at")
    assert first.score == 30 + 15 + 5
    assert second.score_reasons == [[10, "Asked before (1 earlier request)"]]
    assert Lead.history.count() == history_rows
