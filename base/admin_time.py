"""The site's time zone written beside every date-and-time input in the admin, so that an editor
scheduling "09:00" knows which 09:00 it is."""

from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models
from django.utils import timezone
from django.utils.html import format_html


class ZonedSplitDateTime(AdminSplitDateTime):
    def render(self, name, value, attrs=None, renderer=None):
        inputs = super().render(name, value, attrs, renderer)
        zone = timezone.get_current_timezone_name()
        return format_html('{}<p class="time-zone">Time zone: <strong>{}</strong></p>', inputs, zone)


# For a ModelAdmin's or inline's formfield_overrides.
ZONED_DATE_TIMES = {models.DateTimeField: {"widget": ZonedSplitDateTime}}
