"""The smallest WSGI application, with a body the size of the term page: what the app server can
do on this machine before Django does anything (a row of `make bench`)."""

import os

BODY = b"x" * int(os.environ.get("HELLO_BYTES", "60000"))


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(BODY)))])
    return [BODY]
