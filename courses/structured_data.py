"""schema.org JSON-LD for the program, its videos and its faculty."""

from base.links import absolute


def provider():
    return {"@type": "Organization", "name": "TermiKnowledge", "url": absolute("/")}


COURSE_MODES = {"online": "online", "classroom": "onsite", "in_company": "onsite"}


def course_instance(programme, intake):
    """One upcoming run: how it is taught, when it starts and where (a place, or the web)."""
    if intake.location:
        location = {"@type": "Place", "name": intake.location, "address": intake.location}
    else:
        location = {"@type": "VirtualLocation", "url": absolute(programme.get_absolute_url())}
    instance = {
        "@type": "CourseInstance",
        "name": str(intake),
        "courseMode": COURSE_MODES[intake.format],
        "startDate": intake.starts_on.isoformat(),
        "location": location,
        "courseWorkload": f"PT{programme.total_hours}H",
    }
    if intake.price_per_participant is not None:
        instance["offers"] = offer(programme, intake.price_per_participant)
    return instance


def offer(programme, price):
    return {"@type": "Offer", "category": "Paid", "price": str(price), "priceCurrency": programme.currency}


def course(programme, modules, intakes=()):
    return {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": programme.name,
        "courseCode": programme.code,
        "description": programme.summary,
        "url": absolute(programme.get_absolute_url()),
        "provider": provider(),
        "numberOfCredits": len(modules),
        "syllabusSections": [
            {
                "@type": "Syllabus",
                "name": f"Module {module.number}: {module.title}",
                "description": module.summary,
            }
            for module in modules
        ],
        "hasCourseInstance": [course_instance(programme, intake) for intake in intakes]
        or [
            {
                "@type": "CourseInstance",
                "courseMode": mode.lower(),
                "courseWorkload": f"PT{programme.total_hours}H",
            }
            for mode in programme.formats
        ],
        "offers": offer(programme, programme.price_per_participant),
    }


def video(video):
    return {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": video.title,
        "description": video.transcript[:300] or video.title,
        "uploadDate": video.published_on.isoformat(),
        "duration": f"PT{int(video.duration.total_seconds())}S",
        "thumbnailUrl": f"https://i.ytimg.com/vi/{video.youtube_id}/hqdefault.jpg",
        "embedUrl": f"https://www.youtube-nocookie.com/embed/{video.youtube_id}",
        "isPartOf": {"@type": "CreativeWorkSeries", "name": video.series.title},
    }


def person(member):
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": member.name,
        "jobTitle": member.headline,
        "description": member.biography,
        "url": absolute(member.get_absolute_url()),
        "knowsAbout": member.expertise_list,
    }
    if member.photo_medium:
        data["image"] = absolute(member.photo_medium.url)
    return data
