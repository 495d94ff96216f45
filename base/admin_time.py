"""The site's time zone written beside every date-and-time input in the admin, so that an editor
scheduling "09:00" knows which 09:00 it is."""

from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models
from django.utils import timezone


class ZonedSplitDateTime(AdminSplitDateTime):
    template_name = "base/zoned_split_datetime.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["time_zone"] = timezone.get_current_timezone_name()
        return context


# For a ModelAdmin's or inline's formfield_overrides.
ZONED_DATE_TIMES = {models.DateTimeField: {"widget": ZonedSplitDateTime}}
