"""When the public site changes on its own, with nobody saving anything."""

import datetime

from django.utils import timezone

from .models import Term


def next_midnight():
    """A new day brings a new term of the day and makes videos dated today visible."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))


def next_content_change():
    candidates = [next_midnight(), Term.objects.next_scheduled_publication()]
    return min(moment for moment in candidates if moment is not None)
