import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

register = template.Library()

# The JSON sits inside <script>: these characters must not be able to close it.
SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def jsonld(data):
    """A schema.org dict as a <script type="application/ld+json"> element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_SAFE)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
