"""Dates as the site writes them to people, on pages and in PDFs alike."""


def long_date(day):
    """5 December 2026: no leading zero, the month in words, the same everywhere."""
    return f"{day.day} {day:%B %Y}"
