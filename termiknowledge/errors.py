"""Error pages that need more than Django's defaults give them."""

from django.http import HttpResponseServerError
from django.template.loader import render_to_string

from .links import layout_links


def server_error(request):
    """The 500 page with the layout's links. Django's own handler renders it with no context; this
    one adds only the links, which need neither the database nor the request."""
    return HttpResponseServerError(render_to_string("500.html", {"links": layout_links()}))
