"""The PDFs' fonts: every script a visitor may write in has a font that draws it."""

import pytest
from reportlab.pdfbase import pdfmetrics

from base.pdf import fonts

NAMES = ["山田 太郎", "Ελένη", "Łukasz", "Ирина", "Ф株式会社", "김치 주식회사", "Ada & <Lovelace>"]


@pytest.fixture
def document_fonts():
    found = fonts.document_fonts()
    if found.fallback is None:
        pytest.skip("The PDF fonts are not installed: run scripts/system-deps.sh fonts.")
    return found


@pytest.mark.parametrize("name", NAMES)
def test_every_character_is_drawn_by_a_font_that_has_it(document_fonts, name):
    fallback = pdfmetrics.getFont(document_fonts.fallback).face.charToGlyph
    for char in name:
        assert ord(char) in document_fonts.covered or ord(char) in fallback, char


def test_markup_wraps_only_the_characters_the_main_font_lacks(document_fonts):
    assert fonts.markup("Ф株式会社 & Co") == 'Ф<font name="DocumentFallback">株式会社</font> &amp; Co'
    assert fonts.markup("Ελένη <b>") == "Ελένη &lt;b&gt;"


def test_check_warns_when_a_font_file_is_missing(monkeypatch):
    monkeypatch.setitem(fonts.FONT_FILES, "DocumentFallback", "/nonexistent/DroidSansFallback.ttf")
    [warning] = fonts.check_pdf_fonts(None)
    assert warning.id == "base.W001" and "/nonexistent/DroidSansFallback.ttf" in warning.msg
    assert "scripts/system-deps.sh fonts" in warning.hint
