"""Error pages keep the site's layout: a visitor who meets one can still find their way."""

import pytest
from django.test import Client
from django.urls import path

from termiknowledge import urls as site_urls


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [*site_urls.urlpatterns, path("broken/", broken_view)]
handler500 = site_urls.handler500


@pytest.mark.django_db
def test_the_500_page_has_the_layout_and_its_links(settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/broken/")
    html = response.content.decode()
    assert response.status_code == 500 and "Something went wrong" in html
    assert 'href="/terms/">View All</a>' in html and 'action="/search/"' in html
    assert 'href="/static/css/site' in html
