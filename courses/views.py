from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from glossary.models import Term

from . import structured_data
from .models import FacultyMember, Intake, Module, Testimonial, Video, VideoSeries
from .promotion import get_promotion
from .syllabus import current_syllabus


def the_promotion():
    """The program and its modules as the promotion keeps them: read once per content version
    and day, not on each visit (four queries, about 2 ms of a 7 ms page at 100,000 terms)."""
    promotion = get_promotion()
    if promotion.programme is None:
        raise Http404("The program has not been set up yet.")
    return promotion


def programme_detail(request):
    promotion = the_promotion()
    programme, modules = promotion.programme, promotion.modules
    intakes = list(Intake.objects.upcoming().filter(programme=programme))
    testimonials = list(Testimonial.objects.published())
    context = {
        "programme": programme,
        "modules": modules,
        "intakes": intakes,
        "testimonials": testimonials,
        "sample_testimonials": any(item.is_sample for item in testimonials),
        "faculty": FacultyMember.objects.active(),
        "structured_data": structured_data.course(programme, modules, intakes),
    }
    return render(request, "courses/programme_detail.html", context)


def module_detail(request, slug):
    module = get_object_or_404(
        Module.objects.select_related("programme").prefetch_related(
            Prefetch("key_terms", Term.objects.published().alphabetical()),
            Prefetch("faculty", FacultyMember.objects.active()),
        ),
        slug=slug,
    )
    return render(request, "courses/module_detail.html", {"module": module})


def module_self_test(request, slug):
    module = get_object_or_404(
        Module.objects.select_related("programme").prefetch_related(
            Prefetch("key_terms", Term.objects.published().alphabetical().exclude(definition=""))
        ),
        slug=slug,
    )
    return render(
        request, "courses/module_self_test.html", {"module": module, "cards": module.self_test_cards()}
    )


def faculty_list(request):
    return render(request, "courses/faculty_list.html", {"faculty": FacultyMember.objects.active()})


def faculty_detail(request, slug):
    member = get_object_or_404(
        FacultyMember.objects.active().prefetch_related(Prefetch("modules", Module.objects.in_order())),
        slug=slug,
    )
    context = {"member": member, "structured_data": structured_data.person(member)}
    return render(request, "courses/faculty_detail.html", context)


def video_list(request):
    series = VideoSeries.objects.order_by("pk").first()
    videos = (
        list(
            Video.objects.published()
            .select_related("series", "module")
            .prefetch_related(Prefetch("related_terms", Term.objects.published().alphabetical()))
        )
        if series
        else []
    )
    context = {
        "series": series,
        "latest": videos[0] if videos else None,
        "playlist": videos[1:],
        "has_playable": any(not video.is_sample for video in videos),  # else the playlist is a dead end
        # A sample has no real address: search engines are not told about a video that cannot play.
        "structured_data": [structured_data.video(video) for video in videos[:10] if not video.is_sample],
    }
    return render(request, "courses/video_list.html", context)


def syllabus_pdf(request):
    document = current_syllabus()
    if document is None:
        raise Http404("The program has not been set up yet.")
    modified = int(document.built_at.timestamp())
    response = HttpResponse(document.content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    response["ETag"] = document.etag
    response["Last-Modified"] = http_date(modified)
    return get_conditional_response(request, etag=document.etag, last_modified=modified, response=response)
