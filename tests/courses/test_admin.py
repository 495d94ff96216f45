import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from courses.models import FacultyMember, Module, Programme
from tests.admin_forms import inline_management
from tests.factories import TermFactory, VideoSeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def image_upload(name="portrait.jpg", image_format="JPEG", size=(800, 600), exif=True):
    image = Image.new("RGB", size, "#0b5cad")
    buffer = io.BytesIO()
    extra = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Secret camera maker"
        data[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS latitude
        extra["exif"] = data.tobytes()
    image.save(buffer, format=image_format, **extra)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


def faculty_form(photo, **fields):
    data = {
        "name": "Asha Raman",
        "slug": "asha-raman",
        "headline": "Planner",
        "biography": "Planning for years.",
        "years_of_experience": "25",
        "is_active": "on",
        "display_order": "1",
        "photo": photo,
    }
    data.update(fields)
    return data


def test_editor_uploads_a_faculty_photo_stored_without_exif_with_renditions(editor_client):
    response = editor_client.post(reverse("admin:courses_facultymember_add"), faculty_form(image_upload()))
    assert response.status_code == 302
    member = FacultyMember.objects.get(slug="asha-raman")
    with Image.open(member.photo.path) as stored:
        assert not stored.getexif()
    for rendition, width in [(member.photo_small, 160), (member.photo_medium, 320)]:
        with Image.open(rendition.path) as image:
            assert image.width == width
    changelist = editor_client.get(reverse("admin:courses_facultymember_changelist")).content.decode()
    assert member.photo_small.url in changelist


def bomb_upload():
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, format="PNG")
    return SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("fake.jpg", b"this is not an image", content_type="image/jpeg"), "valid image"),
        (image_upload("anim.gif", "GIF", exif=False), "GIF images are not accepted"),
        (bomb_upload, "image"),
        (image_upload("huge.png", "PNG", size=(6000, 5000), exif=False), "larger than 25 megapixels"),
    ],
)
def test_bad_photo_uploads_get_a_clear_form_error(editor_client, upload, message):
    upload = upload() if callable(upload) else upload
    response = editor_client.post(reverse("admin:courses_facultymember_add"), faculty_form(upload))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FacultyMember.objects.exists()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def corrupt_png(pixel_data):
    """A PNG whose header and checksums are valid (Pillow's verify() passes) but whose pixels are not."""
    header = struct.pack(">IIBBBBB", 800, 600, 8, 2, 0, 0, 0)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixel_data)
        + png_chunk(b"IEND", b"")
    )
    return SimpleUploadedFile("corrupt.png", data, content_type="image/png")


@pytest.mark.parametrize(
    "pixel_data", [b"not zlib data" * 10, zlib.compress(b"\x00" * 100)], ids=["garbage", "truncated"]
)
def test_a_photo_with_corrupt_pixels_gets_a_form_error_on_the_change_form(editor_client, pixel_data):
    editor_client.post(reverse("admin:courses_facultymember_add"), faculty_form(image_upload()))
    member = FacultyMember.objects.get(slug="asha-raman")
    change_url = reverse("admin:courses_facultymember_change", args=[member.pk])
    response = editor_client.post(change_url, faculty_form(corrupt_png(pixel_data), headline="Changed"))
    assert response.status_code == 200
    assert "The photo is damaged: its pixels cannot be read." in response.content.decode()
    unchanged = FacultyMember.objects.get(pk=member.pk)
    assert (unchanged.headline, unchanged.photo.name) == ("Planner", member.photo.name)


def test_editor_creates_programme_with_inline_modules_and_key_terms(editor_client):
    term = TermFactory(name="Material requirements planning")
    data = {
        "name": "Certified Inventory Optimization Professional",
        "code": "CIOP",
        "summary": "Thirty modules.",
        "total_hours": "120",
        "price_per_participant": "1950",
        "currency": "USD",
        "tax_rate": "10",
        "quote_validity_days": "30",
        **inline_management("discount_tiers"),
        **inline_management("faqs"),
        **inline_management("modules", total=1),
        "modules-0-number": "7",
        "modules-0-title": "Material Requirements Planning",
        "modules-0-slug": "material-requirements-planning",
        "modules-0-summary": "MRP.",
        "modules-0-outcomes": "One.\nTwo.\nThree.",
        "modules-0-hours": "4",
        "modules-0-track": "core",
        "modules-0-key_terms": [term.pk],
    }
    response = editor_client.post(reverse("admin:courses_programme_add"), data)
    assert response.status_code == 302
    module = Programme.objects.get(code="CIOP").modules.get()
    assert (module.number, list(module.key_terms.all())) == (7, [term])


def test_module_outcomes_must_number_three_to_five(editor_client):
    module = Module(number=1, title="X", slug="x", summary="x", outcomes="Only one.")
    with pytest.raises(Exception, match="3 to 5 learning outcomes"):
        module.clean()


def test_video_admin_rejects_a_malformed_youtube_id(editor_client):
    series = VideoSeriesFactory()
    data = {
        "series": series.pk,
        "title": "Safety stock",
        "youtube_id": "bad id here",
        "published_on": "2026-11-01",
        "duration": "00:01:00",
    }
    response = editor_client.post(reverse("admin:courses_video_add"), data)
    assert "A YouTube video id is 11 letters" in response.content.decode()


def test_sales_cannot_edit_courses(sales_client):
    assert sales_client.get(reverse("admin:courses_programme_changelist")).status_code == 403
