from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "CIOP programme"

    def ready(self):
        from . import signals

        signals.connect()
