"""Gunicorn settings, the alternative to Granian: `gunicorn -c deploy/gunicorn.conf.py termiknowledge.wsgi`.

deploy/ runs Granian (deploy/granian.env), which served the cached term page many times as fast
here (README, "App servers"). Gunicorn remains for hosts that need a pure-Python server or a
timeout that kills a worker stuck in a request: sync workers, one per core, or
GUNICORN_WORKER_CLASS=gthread with GUNICORN_THREADS threads, which keeps connections alive.
Workers keep no state of their own: sessions and the cache live in the database and Redis, media
on S3, so any number of machines can run this behind one reverse proxy or load balancer. (What a
worker does keep, its latest ready pages and the CIOP promotion, is filed under the shared content
version, so a save anywhere retires it.)
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "4" if worker_class == "gthread" else "1"))
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak never grows; jitter avoids all at once.
max_requests = 2000
max_requests_jitter = 200
# The proxy in front sets X-Forwarded-Proto; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
