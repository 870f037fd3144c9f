"""Shared fixtures: named users per role, a fake encoder, the sample story.

alice is the admin, bob the editor, carol the fact-checker.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE_DIR = REPO / "sample_data"
SEEDS_DIR = Path(os.environ.get("NEWSDIFF_SEEDS_DIR", REPO.parent / "shared" / "seeds"))
PASSWORD = "correct-horse-battery"


class HashEncoder:
    """A deterministic bag-of-words encoder: similar wording, similar vectors.

    Fast tests use it instead of sentence-transformers; it is good enough to
    align near-verbatim sentences and cheap enough to run everywhere.
    """

    dimension = 384

    def encode(self, texts: Sequence[str]) -> Any:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                if len(word) > 2:
                    digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                    out[row, int.from_bytes(digest, "little") % self.dimension] += 1.0
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out


@pytest.fixture
def fake_encoder(monkeypatch: pytest.MonkeyPatch, settings: Any) -> HashEncoder:
    """The hash encoder, and no cross-encoder: fast tests load no model at all."""
    encoder = HashEncoder()
    monkeypatch.setattr("claims.engines.encoder", lambda: encoder)
    settings.ALIGN_CROSS_ENCODER = False
    return encoder


@pytest.fixture
def users(db: Any) -> dict[str, Any]:
    from django.contrib.auth.models import Group, User

    alice = User.objects.create_user("alice", password=PASSWORD, is_staff=True, is_superuser=True)
    bob = User.objects.create_user("bob", password=PASSWORD)
    # get_or_create: a transactional test before this one flushed the groups the roles migration made.
    bob.groups.add(Group.objects.get_or_create(name="editor")[0])
    carol = User.objects.create_user("carol", password=PASSWORD)
    carol.groups.add(Group.objects.get_or_create(name="fact-checker")[0])
    return {"alice": alice, "bob": bob, "carol": carol}


def ingest_sample(*, align: bool = True) -> Any:
    """Ingest the repository's sample articles into one story; return the story."""
    from claims.services.alignment import story_align
    from claims.services.uploads import manifest_ingest

    story, results = manifest_ingest(directory=SAMPLE_DIR)
    assert [r.status for r in results] == ["created"] * len(results), [r.error for r in results]
    if align:
        story_align(story=story)
    return story


@pytest.fixture
def sample_story(db: Any, fake_encoder: HashEncoder) -> Any:
    return ingest_sample()


def seeds_or_skip() -> list[Path]:
    files = sorted(SEEDS_DIR.glob("*.txt"))
    if len(files) != 5:
        pytest.skip(f"the five seed articles are not in {SEEDS_DIR} (set NEWSDIFF_SEEDS_DIR)")
    return files


def hold_alignment(monkeypatch: pytest.MonkeyPatch, *, timeout: float = 60) -> Any:
    """Make every story alignment wait until the returned event is set; then it runs for real."""
    import threading

    from claims.services import alignment

    release = threading.Event()
    real = alignment.story_align

    def held(*, story: Any, progress: Any = None, full: bool = False) -> Any:
        assert release.wait(timeout)
        return real(story=story, progress=progress, full=full)

    monkeypatch.setattr(alignment, "story_align", held)
    return release
