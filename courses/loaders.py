"""Load the demo CIOP program, faculty and videos from courses/demo/*.yaml (idempotent)."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.dateparse import parse_duration
from django.utils.text import slugify

from glossary.derived import bulk_changes
from glossary.loaders import read_yaml
from glossary.models import Term

from .models import (
    FAQ,
    DiscountTier,
    FacultyMember,
    Intake,
    Module,
    Programme,
    Testimonial,
    Video,
    VideoSeries,
)
from .portraits import generate_portrait

DEMO_DIR = Path(__file__).resolve().parent / "demo"
PROGRAMME_FIELDS = [
    "name", "summary", "description", "audience", "offers_online", "offers_classroom", "offers_in_company",
    "total_hours", "exam_facts", "certificate_facts", "price_per_participant", "currency", "tax_rate",
    "quote_validity_days",
]  # fmt: skip
DEFAULT_MODULE_HOURS = Decimal("4")


def read(name, demo_dir=DEMO_DIR):
    return read_yaml(demo_dir / name)


def terms_named(names):
    wanted = {name.lower() for name in names}
    return Term.objects.annotate(lower_name=Lower("name")).filter(lower_name__in=wanted)


@transaction.atomic
def load_courses(demo_dir=DEMO_DIR):
    with bulk_changes():  # the texts are linked to the glossary once, at the end
        data = read("programme.yaml", demo_dir)
        programme = load_programme(data["programme"])
        modules = load_modules(programme, data["modules"])
        load_faculty(read("faculty.yaml", demo_dir), modules)
        load_videos(read("videos.yaml", demo_dir), modules)
        load_intakes(programme, read("intakes.yaml", demo_dir))
        load_testimonials(read("testimonials.yaml", demo_dir))
    return programme


def load_programme(row):
    programme, _ = Programme.objects.update_or_create(
        code=row["code"], defaults={name: row[name] for name in PROGRAMME_FIELDS}
    )
    for tier in row.get("discount_tiers", []):
        DiscountTier.objects.update_or_create(
            programme=programme,
            min_participants=tier["min_participants"],
            defaults={"percent": tier["percent"]},
        )
    for order, faq in enumerate(row.get("faqs", []), start=1):
        FAQ.objects.update_or_create(
            programme=programme,
            question=faq["question"],
            defaults={"answer": faq["answer"], "display_order": order},
        )
    return programme


def load_modules(programme, rows):
    modules = {}
    for row in rows:
        module, _ = Module.objects.update_or_create(
            programme=programme,
            number=row["number"],
            defaults={
                "title": row["title"],
                "slug": slugify(row["title"]),
                "summary": row["summary"],
                "outcomes": "\n".join(row["outcomes"]),
                "hours": Decimal(str(row.get("hours", DEFAULT_MODULE_HOURS))),
                "track": row.get("track", Module.Track.CORE),
            },
        )
        module.key_terms.set(terms_named(row.get("key_terms", [])))
        modules[module.number] = module
    return modules


def load_faculty(rows, modules):
    for order, row in enumerate(rows, start=1):
        member, _ = FacultyMember.objects.update_or_create(
            slug=slugify(row["name"]),
            defaults={
                "name": row["name"],
                "headline": row["headline"],
                "biography": row["biography"],
                "years_of_experience": row["years_of_experience"],
                "expertise": row["expertise"],
                "is_sample": True,
                "is_active": True,
                "display_order": order,
            },
        )
        if not member.photo:
            member.photo = generate_portrait(member.name)
            member.save()
        member.modules.set([modules[number] for number in row.get("modules", []) if number in modules])


def load_videos(data, modules):
    series, _ = VideoSeries.objects.update_or_create(
        playlist_id=data["series"]["playlist_id"],
        defaults={key: data["series"][key] for key in ("title", "collection", "description")},
    )
    for row in data["videos"]:
        video, _ = Video.objects.update_or_create(
            youtube_id=row["youtube_id"],
            defaults={
                "series": series,
                "title": row["title"],
                "published_on": row["published_on"],
                "duration": parse_duration(row["duration"]) or timedelta(minutes=1),
                "transcript": row.get("transcript", ""),
                "is_sample": row.get("sample", False),
                "module": modules.get(row.get("module")),
            },
        )
        video.related_terms.set(terms_named(row.get("related_terms", [])))


def load_intakes(programme, rows, today=None):
    """Demo runs dated from today, so that a fresh demo always has upcoming intakes."""
    today = today or timezone.localdate()
    for row in rows:
        starts_on = today + timedelta(days=row["starts_in_days"])
        Intake.objects.update_or_create(
            programme=programme,
            name=row["name"],
            defaults={
                "format": row["format"],
                "location": row.get("location", ""),
                "starts_on": starts_on,
                "apply_by": starts_on - timedelta(days=row["apply_days_before"]),
                "seats_left": row.get("seats_left"),
                "price_per_participant": row.get("price_per_participant"),
            },
        )


def load_testimonials(rows, today=None):
    """The sample set, published and marked as samples; the consent date is the first load's."""
    today = today or timezone.localdate()
    for order, row in enumerate(rows, start=1):
        fields = {
            "role": row["role"],
            "company": row["company"],
            "quote": row["quote"],
            "is_published": True,
            "display_order": order,
        }
        Testimonial.objects.update_or_create(
            name=row["name"],
            is_sample=True,
            defaults=fields,
            create_defaults={**fields, "consented_on": today},
        )
