"""A real CRM stand-in for the webhook tests: an HTTP server in a thread that checks each
signature, refuses the first `fail_first` posts (503, or `fail_with`), and keeps the events it
accepted."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from leads.webhooks import SIGNATURE_HEADER, signature


def free_port():
    """A loopback port nobody listens on (yet): the receiver is down until started there."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Receiver:
    def __init__(self, secret, fail_first=0, fail_with=503, port=None):
        self.secret, self.fail_first, self.fail_with = secret, fail_first, fail_with
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/crm/leads"
        self.attempts, self.events, self.bad_signatures = 0, [], 0
        self.lock = threading.Lock()
        self.server = None

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = receiver.receive(body, self.headers.get(SIGNATURE_HEADER, ""))
                self.send_response(status)
                self.send_header("Location", "/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        # Polled every 50 ms, so that `stop` returns at once rather than after half a second.
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def receive(self, body, sent_signature):
        with self.lock:
            self.attempts += 1
            if sent_signature != signature(body, self.secret):
                self.bad_signatures += 1
                return 401
            if self.attempts <= self.fail_first:
                return self.fail_with
            self.events.append(json.loads(body))
            return 204

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
