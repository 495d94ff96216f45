"""The look every PDF of the site shares: the wordmark and address at the top of each page, page
numbers at the foot, and our paragraph styles."""

from io import BytesIO

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

from .fonts import document_fonts

SITE_NAME = "TermiKnowledge"
BRAND = colors.HexColor("#0b5c7a")
MUTED = colors.HexColor("#555555")
MARGIN = 20 * mm


def stylesheet(fonts=None):
    """The sample styles, drawn with fonts that cover every script a visitor may write in."""
    fonts = fonts or document_fonts()
    styles = getSampleStyleSheet()
    for name in ["BodyText", "Normal", "Bullet"]:
        styles[name].fontName = fonts.regular
    for name in ["Title", "Heading1", "Heading2", "Heading3", "Heading4"]:
        styles[name].fontName = fonts.bold
        styles[name].textColor = BRAND
    return styles


def draw_wordmark(canvas, x, y, size=16):
    """The site's name as a wordmark: "Termi" in the regular face, "Knowledge" in bold, in brand
    blue, as one run of text (so that copying it or reading it back gives one word)."""
    fonts = document_fonts()
    text = canvas.beginText(x, y)
    text.setFillColor(BRAND)
    text.setFont(fonts.regular, size)
    text.textOut("Termi")
    text.setFont(fonts.bold, size)
    text.textOut("Knowledge")
    canvas.drawText(text)


def draw_page_frame(canvas, document):
    """Wordmark and address on top, a rule under them, the page number at the foot."""
    fonts = document_fonts()
    width, height = document.pagesize
    canvas.saveState()
    draw_wordmark(canvas, MARGIN, height - 14 * mm)
    canvas.setFont(fonts.regular, 8)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(width - MARGIN, height - 14 * mm, settings.SITE_URL.split("://")[-1])
    canvas.setStrokeColor(BRAND)
    canvas.line(MARGIN, height - 16 * mm, width - MARGIN, height - 16 * mm)
    canvas.drawRightString(width - MARGIN, 10 * mm, f"Page {document.page}")
    canvas.restoreState()


def render_pdf(story, title):
    """The finished PDF (bytes) of a list of flowables, on A4 pages in the site's frame."""
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=SITE_NAME,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=24 * mm,
        bottomMargin=18 * mm,
        invariant=True,  # the same content gives the same bytes: no creation time, no random id
    )
    document.build(story, onFirstPage=draw_page_frame, onLaterPages=draw_page_frame)
    return buffer.getvalue()
