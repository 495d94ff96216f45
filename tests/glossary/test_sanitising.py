"""Hostile HTML pasted into any field shows nothing dangerous on the site."""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from courses.models import FacultyMember, Module, Programme
from glossary.markup import ALLOWED_TAGS, render_markdown
from tests.factories import ModuleFactory, ProgrammeFactory, TermFactory, TermLabelFactory, TermSenseFactory

HOSTILE = [
    "<script>alert('x')</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert('x')>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<iframe src="https://evil.example/"></iframe>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div style="width: expression(alert(1))">old IE</div>',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "<svg onload=alert(1)><circle r=1></svg>",
    "<b onmouseover=alert(1)>unclosed bold",
    "<scr<script>ipt>alert(1)</script>",
    "<details open ontoggle=alert(1)>",
    '<form action="https://evil.example"><input name=x></form>',
    "<style>body{display:none}</style>",
    '<object data="https://evil.example/x.swf"></object>',
]


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)


def elements(html):
    parser = Elements()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("hostile", HOSTILE)
def test_markdown_keeps_only_safe_tags_and_attributes(hostile):
    assert_safe(render_markdown(f"Before.\n\n{hostile}\n\nAfter."))


def test_external_links_get_rel_noopener():
    html = render_markdown("[GS1](https://www.gs1.org/)")
    assert 'href="https://www.gs1.org/"' in html and 'rel="noopener"' in html


PAYLOAD = "<script>alert('pwned')</script><img src=x onerror=alert(1)>"


def assert_escaped(response):
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert('pwned')" not in html
    found = elements(html)
    assert not [name for name, _ in found.attributes if name.startswith("on")]
    assert ("src", "x") not in found.attributes
    return html


@pytest.mark.django_db
def test_term_page_escapes_hostile_plain_text_fields(client):
    term = TermFactory(
        name="Hostile",
        definition=PAYLOAD,
        example=PAYLOAD,
        usage_note=PAYLOAD,
        explanation=PAYLOAD,
    )
    TermLabelFactory(term=term, label="<b onmouseover=alert(1)>label</b>")
    TermSenseFactory(term=term, number=2, definition=PAYLOAD)
    html = assert_escaped(client.get(term.get_absolute_url()))
    assert html.count("&lt;script&gt;alert(&#x27;pwned&#x27;)") >= 4  # definition, example, usage note, sense
    assert "&lt;b onmouseover=alert(1)&gt;label" in html


@pytest.mark.django_db
def test_programme_module_and_faculty_pages_escape_hostile_text(client):
    programme = Programme.objects.create(
        name="CIOP",
        code="CIOP",
        summary=PAYLOAD,
        description=PAYLOAD,
        audience=PAYLOAD,
        price_per_participant=Decimal(1),
    )
    module = Module.objects.create(
        programme=programme, number=1, title="Hostile", slug="hostile", summary=PAYLOAD
    )
    member = FacultyMember.objects.create(name="Eve", slug="eve", headline=PAYLOAD, biography=PAYLOAD)
    assert_escaped(client.get(reverse("courses:programme")))
    assert "&lt;script&gt;" in assert_escaped(client.get(module.get_absolute_url()))
    assert "&lt;script&gt;" in assert_escaped(client.get(member.get_absolute_url()))
    assert "<script" not in programme.description_html + programme.audience_html


def assert_safe(html):
    found = elements(html)
    assert set(found.tags) <= ALLOWED_TAGS, found.tags
    for name, value in found.attributes:
        assert not name.startswith("on") and name != "style", (name, value)
        if name in ("href", "src"):
            assert value.split(":")[0].lower() in {"http", "https", "mailto"}, value


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_markdown_in_every_editor_field_is_harmless_on_its_page(client, hostile):
    text = f"Before.\n\n{hostile}\n\nAfter."
    programme = ProgrammeFactory(description=text, audience=text)
    module = ModuleFactory(programme=programme, description=text)
    term = TermFactory(explanation=text)
    shown = [
        (term.get_absolute_url(), term.explanation_html),
        (reverse("courses:programme"), programme.description_html),
        (reverse("courses:programme"), programme.audience_html),
        (module.get_absolute_url(), module.description_html),
    ]
    for url, html in shown:
        assert "Before." in html and "After." in html
        assert_safe(html)
        response = client.get(url)
        assert response.status_code == 200
        assert html in response.content.decode()  # the page shows the sanitized HTML, as stored
