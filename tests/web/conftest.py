"""Every view test starts with an empty page cache, so a first request always renders."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_page_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()
