from django.apps import AppConfig


class TermiKnowledgeConfig(AppConfig):
    """The project: it assembles settings and URLs, and holds the commands that span every app
    (`load_demo`)."""

    name = "termiknowledge"
    verbose_name = "TermiKnowledge"
