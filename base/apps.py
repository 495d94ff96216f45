from django.apps import AppConfig
from django.db.models.signals import post_migrate


class BaseConfig(AppConfig):
    """What every app shares: absolute addresses and the layout's links, sitemap bases, staff roles,
    and the site-wide operations (health check, error pages, deploy checks, database backup)."""

    name = "base"
    verbose_name = "Site"

    def ready(self):
        from . import checks, roles  # noqa: F401  (checks registers the deploy checks)
        from .pdf import fonts  # noqa: F401  (registers the check that the PDFs' fonts are installed)

        post_migrate.connect(roles.sync_roles_after_migrate, dispatch_uid="base.sync_roles")
