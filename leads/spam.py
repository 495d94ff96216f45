"""The quote form's spam rules: the shared traps of base/spam.py with the LEADS_* settings."""

from base.spam import Blocked, FormGuard

QUOTE_FORM = FormGuard(
    cookie_name="quote_form", path_name="leads:quote", settings_prefix="LEADS", what="Quote request"
)
COOKIE_NAME = QUOTE_FORM.cookie_name
started_stamp = QUOTE_FORM.started_stamp

__all__ = ["QUOTE_FORM", "COOKIE_NAME", "Blocked", "started_stamp"]
