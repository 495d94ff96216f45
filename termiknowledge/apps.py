from django.apps import AppConfig


class TermiKnowledgeConfig(AppConfig):
    """Site-wide operations: health check, deploy checks and the database backup command."""

    name = "termiknowledge"
    verbose_name = "TermiKnowledge"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
