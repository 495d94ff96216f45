import json
import re

import pytest
from django.utils import timezone

from courses.models import Module
from tests.factories import (
    FacultyMemberFactory,
    IntakeFactory,
    ModuleFactory,
    ProgrammeFactory,
    TermFactory,
    TestimonialFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db


def structured_data(html):
    return [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    ]


@pytest.fixture
def programme():
    programme = ProgrammeFactory()
    programme.discount_tiers.create(min_participants=5, percent="10")
    programme.faqs.create(question="Do I need experience?", answer="No.")
    return programme


def test_programme_page_lists_modules_in_order_with_their_track_faculty_faq_and_price(client, programme):
    ModuleFactory(programme=programme, number=2, title="All About Inventory")
    ModuleFactory(programme=programme, number=1, title="Introduction to Supply Chain Management")
    ModuleFactory(programme=programme, number=28, title="Industry 4.0", track=Module.Track.EMERGING)
    ModuleFactory(programme=programme, number=29, title="International Standards")
    FacultyMemberFactory(name="Asha Raman")
    page = client.get("/ciop/").content.decode()
    html = page[page.index("<main") :]
    assert (
        html.index("Module 1: Introduction")
        < html.index("Module 2: All About")
        < html.index("Module 28: Industry 4.0")
        < html.index("Module 29: International Standards")
    )
    assert '4.0</a> <span class="badge track-badge track-emerging">Emerging topics</span>' in html
    assert html.index("Frequently asked questions") < html.index("Ready to plan your team")
    assert "Do one thing." in html
    assert "20 to 30 years" in html and "Faculty Development Programs" in html
    assert "Asha Raman" in html
    assert "Do I need experience?" in html
    assert "from USD 1,000 per participant" in html
    assert "5+ participants: 10 % off" in html
    assert "Fill in the form to download the quote" in html


def test_programme_page_describes_a_course_in_json_ld(client, programme):
    ModuleFactory(programme=programme, number=1, title="Introduction")
    [course] = structured_data(client.get("/ciop/").content.decode())
    assert course["@type"] == "Course"
    assert course["courseCode"] == "CIOP"
    assert course["provider"]["name"] == "TermiKnowledge"
    assert course["hasCourseInstance"][0]["@type"] == "CourseInstance"
    assert course["syllabusSections"][0]["name"] == "Module 1: Introduction"


def test_programme_page_without_a_programme_is_404(client):
    assert client.get("/ciop/").status_code == 404


@pytest.mark.parametrize("module_count", [3, 30])
def test_programme_page_query_count_is_constant(client, django_assert_num_queries, programme, module_count):
    for number in range(1, module_count + 1):
        ModuleFactory(programme=programme, number=number)
    FacultyMemberFactory()
    IntakeFactory.create_batch(2, programme=programme)
    TestimonialFactory.create_batch(2)
    with django_assert_num_queries(10):  # the promotion built (7: no videos), intakes, testimonials, faculty
        assert client.get("/ciop/").status_code == 200
    with django_assert_num_queries(3):  # the program and its modules from the promotion the process keeps
        assert client.get("/ciop/").status_code == 200


def test_module_page_links_key_terms_and_term_page_links_back(client, programme):
    mrp = TermFactory(name="Material requirements planning")
    draft = TermFactory(name="Draft idea", status="draft")
    module = ModuleFactory(programme=programme, number=7, title="Material Requirements Planning")
    module.key_terms.set([mrp, draft])
    html = client.get(module.get_absolute_url()).content.decode()
    assert 'href="/terms/material-requirements-planning/"' in html
    assert "Draft idea" not in html
    term_html = client.get(mrp.get_absolute_url()).content.decode()
    assert "Covered in" in term_html and "CIOP module 7: Material Requirements Planning" in term_html


def test_faculty_pages_show_active_members_with_person_json_ld(client):
    member = FacultyMemberFactory(name="Kenji Watanabe", expertise="Lean, Kaizen")
    FacultyMemberFactory(name="Retired Person", is_active=False)
    listing = client.get("/ciop/faculty/").content.decode()
    assert "Kenji Watanabe" in listing and "Retired Person" not in listing
    html = client.get(member.get_absolute_url()).content.decode()
    assert "This is an invented demo profile" in html
    [person] = structured_data(html)
    assert person["@type"] == "Person" and person["knowsAbout"] == ["Lean", "Kaizen"]
    assert client.get("/ciop/faculty/retired-person/").status_code == 404


def test_videos_page_shows_latest_first_without_loading_youtube(client):
    old = VideoFactory(title="Older video", published_on=timezone.localdate() - timezone.timedelta(days=30))
    new = VideoFactory(title="Newest video", series=old.series)
    VideoFactory(
        title="Future video",
        series=old.series,
        published_on=timezone.localdate() + timezone.timedelta(days=3),
    )
    html = client.get("/videos/").content.decode()
    assert html.index("Newest video") < html.index("Older video")
    assert "Future video" not in html
    assert "<iframe" not in html
    assert f'href="https://www.youtube.com/watch?v={new.youtube_id}' in html
    assert f'data-embed-url="https://www.youtube-nocookie.com/embed/{new.youtube_id}' in html
    assert "playlist?list=PLciopOneMinuteFacts" in html
    videos = structured_data(html)[0]
    assert [video["@type"] for video in videos] == ["VideoObject", "VideoObject"]
    assert videos[0]["duration"] == "PT61S"


def test_term_sidebar_shows_programme_modules_latest_video_and_quote_offer(client, programme):
    ModuleFactory(programme=programme, number=1, title="Introduction to Supply Chain Management")
    VideoFactory(title="What is backflushing?")
    FacultyMemberFactory(name="Asha Rao")
    FacultyMemberFactory(name="Retired Lecturer", is_active=False)
    term = TermFactory(name="Backflush")
    html = client.get(term.get_absolute_url()).content.decode()
    assert "Certified Inventory Optimization Professional (CIOP)" in html
    assert "Asha Rao" in html and "Retired Lecturer" not in html and "Faculty Development Programs" in html
    assert "Introduction to Supply Chain Management" in html
    assert "Learn More" in html and 'href="/ciop/"' in html
    assert "What is backflushing?" in html and "One-Minute Supply Chain Facts" in html
    assert "Do you want more information on Certified Inventory Optimization Professional?" in html
    assert "Fill in the form to download the quote" in html


def test_sidebar_changes_as_soon_as_an_editor_saves(client, programme):
    term = TermFactory(name="Backflush")
    module = ModuleFactory(programme=programme, number=1, title="Old title")
    assert "Old title" in client.get(term.get_absolute_url()).content.decode()
    module.title = "New title"
    module.save()
    assert "New title" in client.get(term.get_absolute_url()).content.decode()
    VideoFactory(title="Brand new video")
    assert "Brand new video" in client.get(term.get_absolute_url()).content.decode()
    module.key_terms.add(term)
    assert "CIOP module 1: New title" in client.get(term.get_absolute_url()).content.decode()
    programme.summary = "A fresh summary."
    programme.save()
    assert "A fresh summary." in client.get(term.get_absolute_url()).content.decode()
    FacultyMemberFactory(name="New Faculty Member")
    assert "New Faculty Member" in client.get(term.get_absolute_url()).content.decode()


def test_term_page_with_sidebar_has_a_fixed_query_count(client, django_assert_num_queries, programme):
    for number in range(1, 31):
        ModuleFactory(programme=programme, number=number)
    VideoFactory()
    FacultyMemberFactory.create_batch(6)
    term = TermFactory(name="Backflush")
    with django_assert_num_queries(14):  # 6 for the term (no related terms), 8 to build the promotion once
        client.get(term.get_absolute_url())
    with django_assert_num_queries(6):
        client.get(term.get_absolute_url())


def test_sidebar_rendered_once_still_links_each_page_to_the_quote_form(client, programme):
    # The page cache is off in tests: every visit renders, the sidebar comes from the fragment cache.
    ModuleFactory(programme=programme, number=1, title="Old title")
    first, second = TermFactory(name="Backflush"), TermFactory(name="Kanban")
    client.get(first.get_absolute_url())
    html = client.get(second.get_absolute_url()).content.decode()
    assert "Old title" in html and f'href="/ciop/quote/?from={second.get_absolute_url()}"' in html
    assert f"?from={first.get_absolute_url()}" not in html


def test_sidebar_rendered_once_changes_with_the_next_save(client, programme):
    module = ModuleFactory(programme=programme, number=1, title="Old title")
    term = TermFactory(name="Backflush")
    assert "Old title" in client.get(term.get_absolute_url()).content.decode()
    module.title = "New title"
    module.save()
    html = client.get(term.get_absolute_url()).content.decode()
    assert "New title" in html and "Old title" not in html


def test_module_self_test_asks_each_key_term_both_ways_from_the_glossary(
    client, programme, django_assert_num_queries
):
    stock = TermFactory(name="Safety stock", definition="Extra inventory; safety stock protects service.")
    point = TermFactory(name="Reorder point", definition="The stock level that triggers a new order.")
    draft = TermFactory(name="Draft idea", status="draft", definition="Not public yet.")
    module = ModuleFactory(programme=programme, number=14, title="Independent Demand Ordering Systems")
    module.key_terms.set([stock, point, draft])
    url = f"/ciop/modules/{module.slug}/self-test/"
    assert f'href="{url}"' in client.get(module.get_absolute_url()).content.decode()
    with django_assert_num_queries(2):  # the module with its programme, and its key terms
        html = client.get(url).content.decode()
    assert html.count('class="self-test-card"') == 4 and "Draft idea" not in html
    assert "<strong>Reorder point</strong>" in html and "The stock level that triggers a new order." in html
    assert "Extra inventory; … protects service." in html  # the name is blanked out where it asks for it
    assert html.count("<details>") == 4  # without JavaScript every card opens on its own
    assert "self-test.js" in html and "<script>" not in html
    assert client.get("/ciop/modules/no-such-module/self-test/").status_code == 404


def test_self_tests_are_in_the_sitemap(client, programme):
    module = ModuleFactory(programme=programme, number=3)
    assert f"/ciop/modules/{module.slug}/self-test/</loc>" in client.get("/sitemap.xml").content.decode()


def test_term_page_shows_the_video_on_that_term_else_the_latest(client, programme):
    backflush, kanban = TermFactory(name="Backflush"), TermFactory(name="Kanban")
    older = VideoFactory(
        title="What is backflushing?", published_on=timezone.localdate() - timezone.timedelta(9)
    )
    older.related_terms.add(backflush)
    VideoFactory(title="The newest video", series=older.series)
    html = client.get(backflush.get_absolute_url()).content.decode()
    assert "What is backflushing?" in html and "The newest video" not in html
    assert "the video on this term" in html
    html = client.get(kanban.get_absolute_url()).content.decode()
    assert "The newest video" in html and "What is backflushing?" not in html
    assert "the most recent video" in html


def test_videos_page_links_each_videos_terms_with_preview_cards(client):
    video = VideoFactory(title="Backlog or backorder?")
    video.related_terms.add(TermFactory(name="Backorder"), TermFactory(name="Backlog"))
    video.related_terms.add(TermFactory(name="Unpublished idea", status="draft"))
    html = client.get("/videos/").content.decode()
    assert (
        'Terms: <a href="/terms/backlog/">Backlog</a>, <a href="/terms/backorder/">Backorder</a></p>' in html
    )
    assert "Unpublished idea" not in html


def test_a_video_without_a_real_address_shows_its_transcript_never_a_player(client, programme):
    sample = VideoFactory(youtube_id="ciopSample6", is_sample=True, transcript="MRP plans materials.")
    html = client.get("/videos/").content.decode()
    assert "MRP plans materials." in html and sample.title in html
    assert "ciopSample6" not in html.replace('id="video-ciopSample6"', "")  # no player, no watch link
    assert "VideoObject" not in html and "playlist?list=" not in html
    term_page = client.get(TermFactory(name="Backflush").get_absolute_url()).content.decode()
    assert "MRP plans materials." in term_page and "youtube" not in term_page.lower()


def test_one_demo_notice_replaces_a_sample_badge_on_every_name(client, programme, settings):
    member = FacultyMemberFactory(name="Asha Raman", is_sample=True)
    VideoFactory()
    term = TermFactory(name="Backflush")
    settings.DEMO_CONTENT_NOTICE = True
    for url in ["/ciop/", "/ciop/faculty/", "/videos/", term.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert html.count("demo-notice") == 1, url
        assert "Sample profile" not in html and ">sample</span>" not in html, url
    assert "This is an invented demo profile" in client.get(member.get_absolute_url()).content.decode()
    settings.DEMO_CONTENT_NOTICE = False
    FacultyMemberFactory()  # a save: the sidebar is rendered afresh
    for url in ["/ciop/", "/ciop/faculty/", "/videos/", term.get_absolute_url()]:
        assert "demo-notice" not in client.get(url).content.decode(), url
    assert "This is an invented demo profile" in client.get(member.get_absolute_url()).content.decode()


def test_sidebar_shows_every_module_openly_and_the_quote_offer_first(client, programme):
    for number in range(1, 31):
        ModuleFactory(programme=programme, number=number, title=f"Topic number {number}")
    html = client.get(TermFactory(name="Backflush").get_absolute_url()).content.decode()
    sidebar = html[html.index('<aside class="ciop-sidebar"') : html.index("</aside>")]
    assert "<details" not in sidebar
    assert sidebar.count('<li value="') == 30 and "Topic number 30</a>" in sidebar
    assert sidebar.index("Fill in the form to download the quote") < sidebar.index("Topic number 1<")
    assert sidebar.count("btn-lg") == 1 and "btn-lg" in sidebar[: sidebar.index("Topic number 1<")]
