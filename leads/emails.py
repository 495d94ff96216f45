"""The two emails of a quote request: the sales notification and the visitor's auto-reply.

A failure never loses the lead: it is recorded on the lead and `manage.py resend_lead_emails`
sends whatever is still unsent.
"""

import logging
import re

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from base.links import absolute

logger = logging.getLogger(__name__)

# Anyone may type any address into the form, so the auto-reply repeats nothing the visitor wrote
# beyond a first name that looks like one: it cannot carry a stranger's message to someone else.
FIRST_NAME = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
MAX_FIRST_NAME = 30


def first_name(name):
    """The first word of the name when it looks like a name (letters, hyphens, apostrophes), or ''."""
    words = name.split()
    first = words[0] if words else ""
    return first if len(first) <= MAX_FIRST_NAME and FIRST_NAME.fullmatch(first) else ""


def notify_sales(lead):
    context = {"lead": lead, "admin_url": absolute(reverse("admin:leads_lead_change", args=[lead.pk]))}
    send_mail(
        f"Quote request {lead.quote_number}: {lead.company} ({lead.participants} participants)",
        render_to_string("leads/email/sales_notification.txt", context),
        None,
        settings.LEADS_NOTIFY_EMAILS,
    )


def reply_to_visitor(lead):
    context = {
        "lead": lead,
        "first_name": first_name(lead.name),
        "quote_url": absolute(lead.get_absolute_url()),
        "contact": settings.LEADS_CONTACT_EMAIL,
        "confirm_url": absolute(lead.get_marketing_confirmation_url()) if lead.marketing_opt_in else "",
    }
    send_mail(
        f"Your {lead.programme_code} quote {lead.quote_number}",
        render_to_string("leads/email/auto_reply.txt", context),
        None,
        [lead.email],
    )


def send_lead_emails(lead):
    """Send what is still unsent; duplicates do not notify sales again. Returns True when all is sent."""
    errors = []
    if lead.sales_notified_at is None:
        send_one(lead, "sales_notified_at", notify_sales, errors, skip=lead.duplicate_of_id is not None)
    if lead.auto_reply_sent_at is None:
        send_one(lead, "auto_reply_sent_at", reply_to_visitor, errors)
    lead.email_error = "\n".join(errors)
    lead.save(update_fields=["sales_notified_at", "auto_reply_sent_at", "email_error"])
    return not errors


def send_one(lead, sent_field, send, errors, skip=False):
    try:
        if not skip:
            send(lead)
    except Exception as error:  # any backend failure: SMTP, DNS, timeouts
        logger.exception("Email for lead %s failed", lead.pk)
        errors.append(f"{timezone.now():%Y-%m-%d %H:%M} {send.__name__}: {error}")
    else:
        setattr(lead, sent_field, timezone.now())
