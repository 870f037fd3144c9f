"""Fetch an article page over HTTP(S) with the standard library only.

Bounded in every direction a hostile or broken server can push: time (a
deadline over the whole download, not just each socket read), size (reading
stops one byte past the cap) and scheme (http and https only, also after a
redirect, so a page cannot bounce us to file:// or ftp://).
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPMessage
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

from claims.pipeline.ingest.extract import ExtractError

USER_AGENT = "Mozilla/5.0 (compatible; newsdiff/1.0; +https://github.com/newsdiff)"
CHUNK = 64 * 1024
ALLOWED_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Fetched:
    data: bytes
    content_type: str
    final_url: str


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) addresses, with a message that says why otherwise."""

    def http_error_302(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage
    ) -> Any:
        location = headers.get("Location") or headers.get("URI") or ""
        target = urljoin(req.full_url, location)
        if location and urlsplit(target).scheme.lower() not in ALLOWED_SCHEMES:
            raise ExtractError(f"the page redirects to {target!r}, which is not an http(s) address")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _check_url(url: str) -> None:
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise ExtractError(f"only http:// and https:// addresses can be fetched, not {url!r}")
    if not parts.hostname:
        raise ExtractError(f"the address {url!r} has no host name")


def fetch_url(url: str, *, timeout: float, max_bytes: int) -> Fetched:
    """Download url; ExtractError with a user-facing message for every failure."""
    _check_url(url)
    opener = urllib.request.build_opener(_SafeRedirects())
    request = urllib.request.Request(
        url.strip(), headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/plain;q=0.9,*/*;q=0.5"}
    )
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            data = _read_capped(response, max_bytes=max_bytes, deadline=deadline, timeout=timeout, url=url)
            content_type = response.headers.get("Content-Type", "") or ""
            final_url = response.geturl() or url
    except ExtractError:
        raise
    except urllib.error.HTTPError as exc:
        raise ExtractError(f"the server answered {exc.code} {exc.reason} for {url}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise _timed_out(url, timeout) from None
        raise ExtractError(f"could not connect to {urlsplit(url).hostname}: {exc.reason}") from None
    except TimeoutError:
        raise _timed_out(url, timeout) from None
    except (OSError, ValueError) as exc:
        raise ExtractError(f"could not download {url}: {exc}") from None
    return Fetched(data=data, content_type=content_type, final_url=final_url)


def _timed_out(url: str, timeout: float) -> ExtractError:
    return ExtractError(f"the server at {urlsplit(url).hostname} did not answer within {timeout:g} seconds")


def _read_capped(response: Any, *, max_bytes: int, deadline: float, timeout: float, url: str) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(url, max_bytes)
    read = getattr(response, "read1", response.read)
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise _timed_out(url, timeout)
        # read1 returns what has arrived instead of waiting for a full chunk, so a
        # server that drips bytes cannot hold us past the deadline.
        chunk = read(min(CHUNK, max_bytes + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(url, max_bytes)
    return b"".join(chunks)


def _too_large(url: str, max_bytes: int) -> ExtractError:
    return ExtractError(f"the page at {url} is larger than the {max_bytes:,}-byte limit")
