"""WSGI entry point: `gunicorn termiknowledge.wsgi`. Stored pages skip Django (pagecache/wsgi.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "termiknowledge.settings")

application = get_wsgi_application()

from pagecache.wsgi import PageCacheApplication  # noqa: E402  (needs the settings loaded above)

application = PageCacheApplication(application)
