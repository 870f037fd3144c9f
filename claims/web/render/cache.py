"""A cache for rendered page fragments that are the same for every user.

Keys are built from what the fragment was rendered from (story, alignment
time, articles, flags, role), never from time alone, so a change shows on the
next request in every process, with a per-process or a shared cache alike;
the timeout only bounds memory and edits the key cannot see (hand edits of
single alignments in the admin).

Nothing session-specific is ever stored: a fragment holding a form carries
sentinels where the CSRF token and the request path go, and personalise()
fills them in for each request after the read.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

log = logging.getLogger(__name__)

# Escaped text can never contain "<", so data cannot forge a sentinel.
CSRF_SENTINEL = "<!--newsdiff:csrf-->"
PATH_SENTINEL = "<!--newsdiff:path-->"
CSRF_INPUT = f'<input type="hidden" name="csrfmiddlewaretoken" value="{CSRF_SENTINEL}">'
# Bump when a fragment's markup changes, so a shared cache serves no old markup after a deploy.
MARKUP_VERSION = 2

T = TypeVar("T")


def fragment_key(kind: str, *parts: object) -> str:
    """A cache key for one fragment: its kind and a digest of everything it was rendered from."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
    return f"page:{kind}:v{MARKUP_VERSION}:{digest}"


def enabled() -> bool:
    return settings.PAGE_CACHE_TIMEOUT > 0


def fetch(key: str, render: Callable[[], tuple[str, T]]) -> tuple[str, T | None]:
    """The cached HTML under `key`, or render() it and store it.

    render returns (html, data); data is what the caller rendered from, handed
    back on a miss only (None on a hit). A cache that fails is logged and
    treated as a miss: it speeds pages up, it must never take them down.
    """
    if not enabled():
        return render()
    try:
        html = cache.get(key)
    except Exception:
        log.warning("page cache read failed; rendering", exc_info=True)
        html = None
    if isinstance(html, str):
        return html, None
    html, data = render()
    try:
        cache.set(key, html, settings.PAGE_CACHE_TIMEOUT)
    except Exception:
        log.warning("page cache write failed", exc_info=True)
    return html, data


def personalise(html: str, request: HttpRequest) -> SafeString:
    """Fill a fragment's sentinels with this request's CSRF token and path."""
    if CSRF_SENTINEL in html:
        html = html.replace(CSRF_SENTINEL, escape(get_token(request)))
    if PATH_SENTINEL in html:
        html = html.replace(PATH_SENTINEL, escape(request.get_full_path()))
    return mark_safe(html)
