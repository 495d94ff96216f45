"""Helpers for posting Django admin forms the way a browser does."""


def inline_management(prefix, total=0):
    """The management form fields of an admin inline with `total` new rows."""
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
