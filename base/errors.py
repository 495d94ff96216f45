"""Error pages that need more than Django's defaults give them."""

from django.http import HttpResponseServerError
from django.template.loader import render_to_string

from .links import layout_context


def server_error(request):
    """The 500 page with the layout's links and files. Django's own handler renders it with no
    context; this one adds only what needs neither the database nor the request."""
    return HttpResponseServerError(render_to_string("500.html", layout_context()))
