"""fetch_url against a real HTTP server on 127.0.0.1, started by the tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claims.pipeline.ingest.extract import ExtractError, extract_html
from claims.pipeline.ingest.fetch import Fetched, fetch_url

PAGE = (
    b"<html><head><title>Bridge reopens</title>"
    b'<meta property="og:title" content="Bridge reopens">'
    b'<meta property="article:published_time" content="2023-03-14T09:30:00Z"></head>'
    b"<body><nav>Home | World</nav><article><h1>Bridge reopens</h1>"
    b"<p>The harbour bridge reopened to traffic on Tuesday morning, three weeks after a winter storm.</p>"
    b"<p>City officials said the repairs cost about 4.2 million euros, less than first estimated.</p>"
    b"</article></body></html>"
)
BIG = 200_000


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def _send(
        self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        if "Content_Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/article":
            self._send(200, PAGE)
        elif self.path == "/redirect":
            self._send(302, b"", Location="/article")
        elif self.path == "/redirect-file":
            self._send(302, b"", Location="file:///etc/passwd")
        elif self.path == "/missing":
            self._send(404, b"<h1>Not found</h1>")
        elif self.path == "/broken":
            self._send(500, b"<h1>Oops</h1>")
        elif self.path == "/big":
            self._send(200, b"x" * BIG)
        elif self.path == "/big-undeclared":
            # No Content-Length: the cap must hold while streaming.
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(BIG // 1000):
                self.wfile.write(b"y" * 1000)
        elif self.path == "/slow":
            time.sleep(3)
            self._send(200, PAGE)
        elif self.path == "/drip":
            # Answers at once, then sends a byte at a time: each read is quick, the whole is not.
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"z" * 2000)
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass
        else:
            self._send(404, b"")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetches_a_page(server: str) -> None:
    fetched = fetch_url(f"{server}/article", timeout=5, max_bytes=100_000)
    assert fetched == Fetched(
        data=PAGE, content_type="text/html; charset=utf-8", final_url=f"{server}/article"
    )
    ex = extract_html(fetched.data.decode(), url=fetched.final_url)
    assert ex.title == "Bridge reopens"
    assert "repairs cost about 4.2 million euros" in ex.body


def test_follows_redirects_and_reports_the_final_url(server: str) -> None:
    fetched = fetch_url(f"{server}/redirect", timeout=5, max_bytes=100_000)
    assert fetched.final_url == f"{server}/article"
    assert fetched.data == PAGE


def test_refuses_a_redirect_to_another_scheme(server: str) -> None:
    with pytest.raises(ExtractError, match="not an http"):
        fetch_url(f"{server}/redirect-file", timeout=5, max_bytes=100_000)


@pytest.mark.parametrize(
    ("path", "message"), [("/missing", "answered 404 Not Found"), ("/broken", "answered 500")]
)
def test_http_error_statuses(server: str, path: str, message: str) -> None:
    with pytest.raises(ExtractError, match=message):
        fetch_url(server + path, timeout=5, max_bytes=100_000)


@pytest.mark.parametrize("path", ["/big", "/big-undeclared"])
def test_oversize_pages_are_refused(server: str, path: str) -> None:
    with pytest.raises(ExtractError, match="larger than the 50,000-byte limit"):
        fetch_url(server + path, timeout=5, max_bytes=50_000)


def test_a_page_exactly_at_the_limit_is_fine(server: str) -> None:
    assert len(fetch_url(f"{server}/big", timeout=5, max_bytes=BIG).data) == BIG


def test_a_slow_server_times_out(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(ExtractError, match=r"did not answer within 0\.5 seconds"):
        fetch_url(f"{server}/slow", timeout=0.5, max_bytes=100_000)
    assert time.monotonic() - started < 2.5


def test_a_dripping_server_hits_the_overall_deadline(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(ExtractError, match="did not answer within 1 seconds"):
        fetch_url(f"{server}/drip", timeout=1, max_bytes=1_000_000)
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.org/a.txt", "javascript:alert(1)", "example.org/news", "http://"],
)
def test_refuses_non_http_urls(url: str) -> None:
    with pytest.raises(ExtractError, match=r"only http|no host name"):
        fetch_url(url, timeout=1, max_bytes=1000)


def test_connection_refused_is_a_clear_error() -> None:
    # Port 9 (discard) is not listening on test machines; the connection is refused at once.
    with pytest.raises(ExtractError, match=r"could not connect to 127\.0\.0\.1"):
        fetch_url("http://127.0.0.1:9/", timeout=2, max_bytes=1000)
