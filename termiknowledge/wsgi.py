"""WSGI entry point: `gunicorn termiknowledge.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "termiknowledge.settings")

application = get_wsgi_application()
