"""A throwaway database holding one synthetic story, shared by the page benchmarks.

bench_pages.py serves it over HTTP; profile_pages.py profiles single requests.
The story is built with the fake hash encoder, so no model is loaded.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")

# Its own database name, so a test run beside it does not collide on test_<name>.
DB_NAME = "bench_newsdiff_pages"


@dataclass
class BenchStory:
    story_id: int
    paths: dict[str, str]  # page name -> path
    cookie: str  # a logged-in session, as a Cookie header value
    build_s: float


@contextmanager
def bench_story(*, articles: int, sentences: int, role: str = "editor") -> Iterator[BenchStory]:
    """Create the bench database, build the story and a logged-in user; drop it all on exit."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    import claims.engines
    from tests.conftest import HashEncoder

    encoder = HashEncoder()
    claims.engines.encoder = lambda: encoder
    # Page timings do not depend on how pairs were scored; never load a scoring model.
    settings.ALIGN_CROSS_ENCODER = False
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = DB_NAME
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.contrib.auth.models import Group, User

        from claims.models import Article
        from tests.web.test_compare import build_story

        started = time.perf_counter()
        story = build_story(articles=articles, sentences=sentences)
        build_s = time.perf_counter() - started
        # Editors read; fact-checkers also get a flag form per aligned sentence.
        user = User.objects.create_user("bench", password="bench-password-1")
        user.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(user)
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        ids = ",".join(str(pk) for pk in Article.objects.filter(story=story).values_list("pk", flat=True))
        paths = {
            "overview": f"/stories/{story.pk}/",
            "compare": f"/stories/{story.pk}/compare/?articles={ids}",
        }
        yield BenchStory(story_id=story.pk, paths=paths, cookie=cookie, build_s=build_s)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)


def client_for(bench: BenchStory) -> Any:
    """A Django test client carrying the bench user's session."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    name, _, value = bench.cookie.partition("=")
    assert name == settings.SESSION_COOKIE_NAME
    client.cookies[name] = value
    return client
