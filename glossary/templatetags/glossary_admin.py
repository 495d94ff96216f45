from django import template

from glossary.desk import desk_for

register = template.Library()


@register.simple_tag(takes_context=True)
def editor_desk(context):
    """The editor's desk (glossary/desk.py) for the user viewing the admin index."""
    return desk_for(context["request"].user)
