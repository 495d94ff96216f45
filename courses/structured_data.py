"""schema.org JSON-LD for the programme, its videos and its faculty."""

from base.links import absolute


def provider():
    return {"@type": "Organization", "name": "TermiKnowledge", "url": absolute("/")}


def course(programme, modules):
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
        "hasCourseInstance": [
            {
                "@type": "CourseInstance",
                "courseMode": mode.lower(),
                "courseWorkload": f"PT{programme.total_hours}H",
            }
            for mode in programme.formats
        ],
        "offers": {
            "@type": "Offer",
            "category": "Paid",
            "price": str(programme.price_per_participant),
            "priceCurrency": programme.currency,
        },
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
