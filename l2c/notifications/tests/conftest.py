"""A real HTTP server standing in for the 企业微信 / 钉钉 group robots (BR-RPT-07)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

OK = (200, {"errcode": 0, "errmsg": "ok"})


@pytest.fixture
def robot() -> Iterator[SimpleNamespace]:
    """``robot.url`` answers POSTs like a group robot; ``robot.answers`` is a list of
    ``(status, json_body)`` to give in turn (then ``OK``); ``robot.received`` holds what
    came in: ``{"path", "content_type", "json"}``."""
    state = SimpleNamespace(received=[], answers=[])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            state.received.append(
                {
                    "path": self.path,
                    "content_type": self.headers.get("Content-Type"),
                    "json": json.loads(raw.decode("utf-8")),
                }
            )
            status, body = state.answers.pop(0) if state.answers else OK
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args):  # keep the test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def dead_url() -> str:
    """An address where nothing listens (connection refused at once)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/robot/send"
