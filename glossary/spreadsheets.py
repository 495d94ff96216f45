"""Cells for CSV files that people open in a spreadsheet program."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """Text as a spreadsheet shows it, never as a formula: a leading quote keeps it text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
