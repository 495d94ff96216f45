"""/healthz for load balancers and monitoring: is the database and the cache answering?"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_answers():
    key, value = "healthz", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    return cache.get(key) == value


def probe(name, check):
    try:
        return "ok" if check() else "failed"
    except Exception:
        logger.exception("Health check of the %s failed", name)
        return "failed"


@never_cache
def healthz(request):
    """200 with {"database": "ok", "cache": "ok"}, or 503 naming what failed."""
    results = {"database": probe("database", database_answers), "cache": probe("cache", cache_answers)}
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse(results, status=200 if healthy else 503)
