"""The personalized quote as a PDF (reportlab), drawn only from the lead's snapshot."""

from django.conf import settings
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from base.dates import long_date
from base.pdf.fonts import document_fonts, markup
from base.pdf.pages import render_pdf, stylesheet
from courses.models import percent_text


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
        ["Total, tax included", money(lead, lead.total)],
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


def intake_text(lead):
    return f"Intake: {markup(lead.intake_label)}." if lead.intake_label else "Intake: not chosen yet."


def story(lead):
    fonts = document_fonts()
    styles = stylesheet(fonts)
    text = styles["BodyText"]
    issued = long_date(timezone.localdate(lead.created_at))
    parts = [
        Paragraph(f"Quote {markup(lead.quote_number)}", styles["Title"]),
        Paragraph(f"For {markup(lead.name)}, {markup(lead.company)}", styles["Heading2"]),
        Paragraph(
            f"{markup(lead.programme_name)} ({markup(lead.programme_code)}), "
            f"preferred format: {markup(lead.get_preferred_format_display())}.",
            text,
        ),
        Paragraph(intake_text(lead), text),
        Spacer(1, 6 * mm),
        figures_table(lead, fonts),
        Spacer(1, 6 * mm),
        Paragraph(f"Issued {issued}. Valid until {long_date(lead.valid_until)}.", text),
        Paragraph(f"Questions? Write to {markup(settings.LEADS_CONTACT_EMAIL)}.", text),
        Paragraph(f"The {len(lead.modules)} modules", styles["Heading3"]),
    ]
    parts += [Paragraph(markup(module), text) for module in lead.modules]
    return parts


def render_quote(lead):
    return render_pdf(story(lead), title=f"Quote {lead.quote_number}")
