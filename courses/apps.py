from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "CIOP program"

    def ready(self):
        from glossary import quality

        from . import signals
        from .models import Module, Video

        signals.connect()

        # A term a CIOP module teaches or a video explains is not an orphan on the quality dashboard.
        quality.add_term_pointer(
            "CIOP module", lambda term: Module.key_terms.through.objects.filter(term=term)
        )
        quality.add_term_pointer("video", lambda term: Video.related_terms.through.objects.filter(term=term))
