"""The sales desk's line on the admin index: how many requests are new, and the oldest's age."""

from django import template

from leads.models import Lead

register = template.Library()


@register.simple_tag
def new_leads_summary():
    return Lead.objects.new_summary()
