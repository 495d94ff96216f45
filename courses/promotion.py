"""The CIOP promotion shown beside every term: built once and cached.

Its key holds the page cache's content version (pagecache/version.py), which every save of a
watched model bumps, and the date: a change or a new day makes the next request build it afresh.
"""

import uuid
from dataclasses import dataclass, field
from functools import partial

from django.core.cache import cache
from django.utils import timezone

from base.kept import KeptValue
from pagecache.version import current_version

from .models import FacultyMember, Module, Programme, Video

CACHE_KEY = "courses:promotion:4"  # 4: the program carries its FAQs and discount tiers (/ciop/)
SIDEBAR_FACULTY = 4


@dataclass
class Promotion:
    programme: Programme | None = None
    modules: list = field(default_factory=list)
    latest_video: Video | None = None
    modules_by_term: dict = field(default_factory=dict)
    faculty: list = field(default_factory=list)
    videos_by_term: dict = field(default_factory=dict)  # term id: the newest video that explains it
    # Names this build's rendered sidebar in the template fragment cache: a rebuild (after any
    # save that drops the promotion, or a new day) renders the sidebar afresh.
    fragment_key: str = field(default_factory=lambda: uuid.uuid4().hex)

    def modules_covering(self, term_id):
        return self.modules_by_term.get(term_id, [])

    def video_for(self, term_id):
        """The newest video linked to this term, else the newest video."""
        return self.videos_by_term.get(term_id, self.latest_video)


def build_promotion():
    programme = Programme.objects.prefetch_related("faqs", "discount_tiers").current()  # for /ciop/
    if programme is None:
        return Promotion()
    modules = list(programme.modules.in_order())
    by_id = {module.pk: module for module in modules}
    modules_by_term = {}
    links = Module.key_terms.through.objects.filter(module__programme=programme).order_by("module__number")
    for term_id, module_id in links.values_list("term_id", "module_id"):
        modules_by_term.setdefault(term_id, []).append(by_id[module_id])
    videos = list(Video.objects.published().select_related("series"))
    faculty = list(FacultyMember.objects.active()[:SIDEBAR_FACULTY])
    promotion = Promotion(programme, modules, videos[0] if videos else None, modules_by_term, faculty)
    promotion.videos_by_term = videos_by_term(videos)
    return promotion


def videos_by_term(videos):
    """Each term's newest video, from videos listed newest first."""
    terms_of = {}
    links = Video.related_terms.through.objects.filter(video__in=videos).values_list("video_id", "term_id")
    for video_id, term_id in links:
        terms_of.setdefault(video_id, []).append(term_id)
    by_term = {}
    for video in videos:
        for term_id in terms_of.get(video.pk, []):
            by_term.setdefault(term_id, video)
    return by_term


def get_promotion():
    # The content version in the key: a save in one gunicorn worker reaches the others' caches;
    # the date: a video dated today becomes the latest one without anybody saving anything.
    key = promotion_key()
    return latest_promotion.get(key, partial(cached_promotion, key))


def cached_promotion(key):
    promotion = cache.get(key)
    if promotion is None:
        promotion = build_promotion()
        cache.set(key, promotion, timeout=24 * 60 * 60)
    return promotion


latest_promotion = KeptValue()  # a key names one build, so this worker keeps it


def promotion_key():
    return f"{CACHE_KEY}:{current_version()}:{timezone.localdate().isoformat()}"
