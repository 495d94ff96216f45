"""Intakes: the runs of the program a buyer chooses from, shown until they start."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from courses.loaders import load_intakes
from courses.models import Intake
from tests.factories import IntakeFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def days(number):
    return timezone.localdate() + timezone.timedelta(days=number)


def course_json_ld(client):
    html = client.get("/ciop/").content.decode()
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    return json.loads(block)


@pytest.fixture
def programme():
    return ProgrammeFactory()


def test_past_intakes_leave_by_themselves_and_the_rest_come_soonest_first(programme):
    later = IntakeFactory(programme=programme, starts_on=days(90), apply_by=days(60))
    today = IntakeFactory(programme=programme, starts_on=days(0), apply_by=days(-7))
    IntakeFactory(programme=programme, starts_on=days(-1), apply_by=days(-14))
    assert list(Intake.objects.upcoming()) == [today, later]


def test_the_quote_form_offers_only_runs_still_open_and_not_full(programme):
    open_run = IntakeFactory(programme=programme, seats_left=None)
    IntakeFactory(programme=programme, seats_left=0)
    IntakeFactory(programme=programme, starts_on=days(3), apply_by=days(-1))
    assert list(Intake.objects.open_for_applications()) == [open_run]
    assert open_run.seats_label == "Open"


def test_the_deadline_cannot_fall_after_the_start(programme):
    with pytest.raises(IntegrityError):
        IntakeFactory(programme=programme, starts_on=days(10), apply_by=days(11))


def test_a_classroom_run_says_where_it_takes_place(programme):
    intake = IntakeFactory.build(programme=programme, format="classroom", location="")
    with pytest.raises(ValidationError) as error:
        intake.full_clean()
    assert "Say where a classroom run takes place." in error.value.message_dict["location"]


def test_an_intake_names_itself_with_one_date_style(programme):
    intake = IntakeFactory.build(
        programme=programme, name="Evening cohort", format="classroom", location="Chicago"
    )
    intake.starts_on = timezone.datetime(2027, 2, 5).date()
    assert str(intake) == "Evening cohort: Classroom in Chicago, starts 5 February 2027"


def test_the_programme_page_lists_upcoming_intakes_only(client, programme):
    IntakeFactory(programme=programme, name="Next online run", seats_left=None)
    IntakeFactory(programme=programme, name="Closing run", starts_on=days(4), apply_by=days(-1))
    IntakeFactory(programme=programme, name="Started run", starts_on=days(-2), apply_by=days(-9))
    html = client.get("/ciop/").content.decode()
    section = html[html.index('id="intakes"') : html.index('id="modules-heading"')]
    assert "Next online run" in section and "Open" in section
    assert "Closing run" in section and "Applications closed" in section
    assert "Started run" not in html


def test_upcoming_intakes_are_course_instances_in_json_ld(client, programme):
    IntakeFactory(programme=programme, format="online", starts_on=days(30), apply_by=days(20))
    IntakeFactory(
        programme=programme,
        format="classroom",
        location="Rotterdam",
        starts_on=days(60),
        apply_by=days(30),
        price_per_participant="2100.00",
    )
    IntakeFactory(programme=programme, starts_on=days(-1), apply_by=days(-5))
    online, classroom = course_json_ld(client)["hasCourseInstance"]
    assert online["courseMode"] == "online" and online["startDate"] == days(30).isoformat()
    assert online["location"]["@type"] == "VirtualLocation"
    assert classroom["courseMode"] == "onsite" and classroom["startDate"] == days(60).isoformat()
    assert classroom["location"] == {"@type": "Place", "name": "Rotterdam", "address": "Rotterdam"}
    assert classroom["offers"]["price"] == "2100.00"


def test_editors_manage_intakes_in_the_admin(editor_client, programme):
    intake = IntakeFactory(programme=programme, name="Evening cohort", location="")
    changelist = reverse("admin:courses_intake_changelist")
    html = editor_client.get(changelist + "?q=evening&format__exact=online").content.decode()
    assert "Evening cohort" in html and "12 seats left" in html
    form = editor_client.get(reverse("admin:courses_intake_change", args=[intake.pk])).content.decode()
    assert "Leave empty for open enrollment" in form and "price override" in form.lower()


def test_demo_intakes_are_dated_from_the_day_they_are_loaded(programme):
    rows = [{"name": "Demo run", "format": "online", "starts_in_days": 20, "apply_days_before": 5}]
    load_intakes(programme, rows, today=days(-100))
    load_intakes(programme, rows)
    [intake] = Intake.objects.all()
    assert (intake.starts_on, intake.apply_by) == (days(20), days(15))
