"""Fonts for our PDFs (the quote, the syllabus): visitors' names and companies come in any script.

DejaVu Sans draws Latin, Greek and Cyrillic; Droid Sans Fallback draws Chinese, Japanese and
Korean. Both are TrueType files from Debian packages (scripts/system-deps.sh installs them), and
reportlab embeds the glyphs it uses. Reportlab has no fallback of its own, so `markup` wraps every
run of characters the main font lacks in the fallback font.
"""

import functools
import itertools
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from django.core import checks
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

FONT_FILES = {
    "DocumentSans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "DocumentSans-Bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "DocumentFallback": "/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf",
}


@dataclass(frozen=True)
class DocumentFonts:
    regular: str
    bold: str
    fallback: str | None = None
    covered: frozenset = frozenset()


LATIN_ONLY = DocumentFonts("Helvetica", "Helvetica-Bold")


@functools.cache
def document_fonts():
    """Register the fonts once per process; without the files, Helvetica (Latin only) draws."""
    try:
        fonts = {name: TTFont(name, path) for name, path in FONT_FILES.items()}
    except TTFError:
        return LATIN_ONLY
    for font in fonts.values():
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily("DocumentSans", normal="DocumentSans", bold="DocumentSans-Bold")
    covered = frozenset(fonts["DocumentSans"].face.charToGlyph)
    return DocumentFonts("DocumentSans", "DocumentSans-Bold", "DocumentFallback", covered)


def markup(text):
    """Escaped paragraph markup of text, with runs the main font cannot draw in the fallback font."""
    fonts = document_fonts()
    if fonts.fallback is None:
        return escape(text)
    runs = itertools.groupby(text, key=lambda char: char.isspace() or ord(char) in fonts.covered)
    return "".join(font_run("".join(chars), None if covered else fonts.fallback) for covered, chars in runs)


def font_run(text, font):
    return escape(text) if font is None else f'<font name="{font}">{escape(text)}</font>'


@checks.register()
def check_pdf_fonts(app_configs, **kwargs):
    missing = [path for path in FONT_FILES.values() if not Path(path).is_file()]
    if not missing:
        return []
    return [
        checks.Warning(
            f"PDFs (quotes, the syllabus) will draw only Latin letters: {', '.join(missing)} not found.",
            hint="Run scripts/system-deps.sh fonts (it installs fonts-dejavu-core and fonts-droid-fallback).",
            id="base.W001",
        )
    ]
