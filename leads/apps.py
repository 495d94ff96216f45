from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = "Quote requests"

    def ready(self):
        from . import webhooks  # noqa: F401  (registers the check of the webhook's settings)
