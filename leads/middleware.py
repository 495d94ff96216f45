"""Remember the UTM parameters of the landing URL for the rest of the visit."""

UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
SESSION_KEY = "leads_utm"


def utm_from(query):
    return {name: query[name][:100] for name in UTM_FIELDS if query.get(name)}


def remember_utm_parameters(get_response):
    def middleware(request):
        found = utm_from(request.GET)
        if found and request.method == "GET":
            request.session[SESSION_KEY] = found
        return get_response(request)

    return middleware
