"""The program's syllabus as a PDF to take away: the modules in order with their outcomes, hours and
key terms, the faculty, the formats and the next intakes.

Drawn with the site's shared PDF frame (base/pdf) and built once per content version and day, like
the CIOP promotion: any save of a watched model (a term, a module, an intake) or a new day (an intake
that has started) makes the next request build it afresh. The bytes are reproducible (reportlab's
invariant mode), so the ETag, their hash, is the same in every process for the same content.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import Prefetch
from django.utils import timezone
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, Table, TableStyle

from base.dates import long_date
from base.links import absolute
from base.pdf.fonts import document_fonts, markup
from base.pdf.pages import BRAND, render_pdf, stylesheet
from glossary.models import Term
from pagecache.version import current_version

from .models import FacultyMember, Intake, Programme, percent_text

CACHE_KEY = "courses:syllabus:1"


@dataclass(frozen=True)
class SyllabusDocument:
    content: bytes
    built_at: datetime
    filename: str

    @property
    def etag(self):
        return f'"{hashlib.sha256(self.content).hexdigest()[:32]}"'


def current_syllabus():
    """The syllabus of the current program (None before one is entered), from the cache."""
    key = f"{CACHE_KEY}:{current_version()}:{timezone.localdate().isoformat()}"
    document = cache.get(key)
    if document is None:
        document = build_syllabus()
        cache.set(key, document, timeout=24 * 60 * 60)
    return document


def build_syllabus():
    programme = Programme.objects.current()
    if programme is None:
        return None
    modules = programme.modules.in_order().prefetch_related(
        Prefetch("key_terms", Term.objects.published().alphabetical())
    )
    content = render_pdf(
        story(programme, list(modules), list(FacultyMember.objects.active()), intakes(programme)),
        title=f"{programme.name} ({programme.code}): syllabus",
    )
    return SyllabusDocument(content, timezone.now(), f"{programme.code}-syllabus.pdf")


def intakes(programme):
    return list(Intake.objects.upcoming().filter(programme=programme)[:8])


def story(programme, modules, faculty, next_intakes):
    styles = stylesheet()
    text = styles["BodyText"]
    hours = percent_text(sum(module.hours for module in modules) or programme.total_hours)
    parts = [
        Paragraph(f"{markup(programme.name)} ({markup(programme.code)})", styles["Title"]),
        Paragraph("Syllabus", styles["Heading2"]),
        Paragraph(markup(programme.summary), text),
        Paragraph(
            f"{len(modules)} modules, about {hours} hours of study. "
            f"Formats: {markup(', '.join(programme.formats))}.",
            text,
        ),
        Paragraph(
            f"Issued {long_date(timezone.localdate())}. The current edition: {absolute('/ciop/')}", text
        ),
        Paragraph("Next intakes", styles["Heading2"]),
        intake_table(next_intakes, programme)
        if next_intakes
        else Paragraph(
            "New dates are announced on the program page; in-company runs start when your team is ready.",
            text,
        ),
        Paragraph(f"The {len(modules)} modules", styles["Heading2"]),
    ]
    for module in modules:
        parts += module_section(module, styles)
    if faculty:
        parts.append(Paragraph("Faculty", styles["Heading2"]))
        parts += [
            Paragraph(f"<b>{markup(member.name)}</b>, {markup(member.headline)}", text) for member in faculty
        ]
    return parts


def module_section(module, styles):
    text = styles["BodyText"]
    parts = [
        Paragraph(f"Module {module.number}: {markup(module.title)}", styles["Heading3"]),
        Paragraph(
            f"{module.get_track_display()}, {percent_text(module.hours)} hours. {markup(module.summary)}",
            text,
        ),
    ]
    if module.outcome_list:
        parts.append(Paragraph("Learning outcomes", styles["Heading4"]))
        parts.append(bullets([markup(outcome) for outcome in module.outcome_list], text))
    terms = list(module.key_terms.all())
    if terms:
        parts.append(Paragraph("Key terms", styles["Heading4"]))
        parts.append(
            bullets([f"<b>{markup(term.name)}</b>: {markup(term.definition)}" for term in terms], text)
        )
    return parts


def bullets(items, style):
    return ListFlowable(
        [ListItem(Paragraph(item, style), leftIndent=12) for item in items],
        bulletType="bullet",
        leftIndent=12,
    )


def intake_table(next_intakes, programme):
    fonts = document_fonts()
    cell = ParagraphStyle("IntakeCell", fontName=fonts.regular, fontSize=9, leading=11)
    rows = [["Starts", "Format", "Where", "Apply by", "Seats", "Price"]]
    for intake in next_intakes:
        price = intake.price_per_participant
        price = programme.price_per_participant if price is None else price
        rows.append(
            [
                long_date(intake.starts_on),
                intake.get_format_display(),
                Paragraph(markup(intake.place_label), cell),
                long_date(intake.apply_by),
                intake.seats_label,
                f"{programme.currency} {price:,.0f}",
            ]
        )
    widths = [33 * mm, 22 * mm, 34 * mm, 33 * mm, 25 * mm, 23 * mm]  # 170 mm: the A4 text width
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
                ("FONTNAME", (0, 0), (-1, 0), fonts.bold),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, BRAND),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table
