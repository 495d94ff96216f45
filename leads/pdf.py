"""The personalised quote as a PDF (reportlab), drawn only from the lead's snapshot."""

from io import BytesIO

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from courses.models import percent_text

from .fonts import markup, quote_fonts


def money(lead, amount):
    return f"{lead.currency} {amount:,.2f}"


def figures_table(lead, fonts):
    rows = [
        ["Price per participant", money(lead, lead.price_per_participant)],
        ["Participants", str(lead.participants)],
        ["Subtotal", money(lead, lead.subtotal)],
        [
            f"Group discount ({percent_text(lead.discount_percent)} %)",
            f"- {money(lead, lead.discount_amount)}",
        ],
        [f"Tax ({percent_text(lead.tax_rate)} %)", money(lead, lead.tax_amount)],
        ["Total", money(lead, lead.total)],
    ]
    table = Table(rows, colWidths=[100 * mm, 60 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEABOVE", (0, -1), (-1, -1), 1, colors.black),
                ("FONTNAME", (0, -1), (-1, -1), fonts.bold),
            ]
        )
    )
    return table


def stylesheet(fonts):
    """The sample styles, drawn with fonts that cover every script a visitor may write in."""
    styles = getSampleStyleSheet()
    styles["BodyText"].fontName = fonts.regular
    for name in ["Title", "Heading2", "Heading3"]:
        styles[name].fontName = fonts.bold
    return styles


def story(lead):
    fonts = quote_fonts()
    styles = stylesheet(fonts)
    text = styles["BodyText"]
    parts = [
        Paragraph(f"Quote {markup(lead.quote_number)}", styles["Title"]),
        Paragraph(f"For {markup(lead.name)}, {markup(lead.company)}", styles["Heading2"]),
        Paragraph(
            f"{markup(lead.programme_name)} ({markup(lead.programme_code)}), "
            f"preferred format: {markup(lead.get_preferred_format_display())}.",
            text,
        ),
        Spacer(1, 6 * mm),
        figures_table(lead, fonts),
        Spacer(1, 6 * mm),
        Paragraph(f"Issued {lead.created_at:%d %B %Y}. Valid until {lead.valid_until:%d %B %Y}.", text),
        Paragraph(f"Questions? Write to {markup(settings.LEADS_CONTACT_EMAIL)}.", text),
        Paragraph(f"The {len(lead.modules)} modules", styles["Heading3"]),
    ]
    parts += [Paragraph(markup(module), text) for module in lead.modules]
    return parts


def render_quote(lead):
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=f"Quote {lead.quote_number}", author="TermiKnowledge"
    )
    document.build(story(lead))
    return buffer.getvalue()
