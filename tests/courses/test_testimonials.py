"""Testimonials: shown on /ciop/ only when published, samples marked, never an invented rating."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from courses.loaders import load_testimonials
from tests.courses.test_admin import image_upload
from tests.factories import ProgrammeFactory, TestimonialFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def programme_page(client):
    ProgrammeFactory()
    return lambda: client.get("/ciop/").content.decode()


def test_only_published_testimonials_are_shown(programme_page):
    TestimonialFactory(name="Grace Hopper", role="Planner", company="Navy Yard")
    TestimonialFactory(name="Unpublished Person", is_published=False)
    html = programme_page()
    assert "What participants say" in html
    assert "<strong>Grace Hopper</strong>, Planner, Navy Yard" in html
    assert "Unpublished Person" not in html
    assert "Sample testimonials" not in html  # real words need no notice


def test_without_published_testimonials_the_section_is_left_out(programme_page):
    TestimonialFactory(is_published=False)
    assert "What participants say" not in programme_page()


def test_the_demo_set_is_marked_as_sample_and_no_rating_is_claimed(programme_page):
    rows = [{"name": "Priya Raman", "role": "Planner", "company": "Northwind (sample)", "quote": "Useful."}]
    load_testimonials(rows, today=timezone.localdate() - timezone.timedelta(days=3))
    load_testimonials(rows)  # idempotent: one row, and the consent date of the first load
    html = programme_page()
    assert html.count("Priya Raman") == 1
    [sample] = TestimonialFactory._meta.model.objects.all()
    assert sample.consented_on == timezone.localdate() - timezone.timedelta(days=3)
    assert "Sample testimonials: these people are invented" in html
    assert "aggregateRating" not in html and "ratingValue" not in html


def test_a_photo_must_be_a_real_image(editor_client):
    fake = SimpleUploadedFile("photo.jpg", b"not an image at all", content_type="image/jpeg")
    testimonial = TestimonialFactory.build(photo=fake)
    with pytest.raises(ValidationError) as error:
        testimonial.full_clean()
    assert "not a readable JPEG, PNG or WebP image" in str(error.value)


def test_editors_add_a_testimonial_with_a_photo_in_the_admin(editor_client):
    response = editor_client.post(
        reverse("admin:courses_testimonial_add"),
        {
            "name": "Ada Lovelace",
            "role": "Analyst",
            "company": "Engines Ltd",
            "quote": "Clear and practical.",
            "photo": image_upload(),
            "consented_on": "2026-11-30",
            "is_published": "on",
            "display_order": "1",
        },
    )
    assert response.status_code == 302
    photo = Image.open(TestimonialFactory._meta.model.objects.get().photo.path)
    assert not photo.getexif()  # no camera, no GPS position
    changelist = editor_client.get(reverse("admin:courses_testimonial_changelist") + "?q=engines")
    assert "Ada Lovelace" in changelist.content.decode()
