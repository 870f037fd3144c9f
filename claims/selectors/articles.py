"""Reads of articles: what changed between two versions of one."""

from __future__ import annotations

import difflib
from typing import Any

from claims.models import Article


def version_diff(*, old: Article, new: Article) -> dict[str, Any]:
    """NewsDiffs-style: headline change, paragraphs added/removed, words changed inside edited ones."""
    from claims.pipeline.compare.pair import word_diff

    old_paras = [p.strip() for p in old.body.split("\n\n") if p.strip()]
    new_paras = [p.strip() for p in new.body.split("\n\n") if p.strip()]
    blocks: list[dict[str, Any]] = []
    matcher = difflib.SequenceMatcher(a=old_paras, b=new_paras, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            blocks.extend({"op": "equal", "text": p} for p in old_paras[i1:i2])
            continue
        olds, news = old_paras[i1:i2], new_paras[j1:j2]
        # Pair edited paragraphs one to one; the surplus is plainly added or removed.
        for k in range(max(len(olds), len(news))):
            a = olds[k] if k < len(olds) else None
            b = news[k] if k < len(news) else None
            # A rewrite past recognition reads better as removed + added than as a word soup.
            if a is not None and b is not None and difflib.SequenceMatcher(a=a, b=b).ratio() < 0.5:
                blocks.extend([{"op": "delete", "text": a}, {"op": "insert", "text": b}])
            elif a is not None and b is not None:
                ops = [{"op": op.op, "a": op.a, "b": op.b} for op in word_diff(a, b)]
                blocks.append({"op": "replace", "ops": ops})
            elif a is not None:
                blocks.append({"op": "delete", "text": a})
            elif b is not None:
                blocks.append({"op": "insert", "text": b})
    return {
        "headline_changed": (old.title or "") != (new.title or ""),
        "blocks": blocks,
        "added": sum(1 for b in blocks if b["op"] == "insert"),
        "removed": sum(1 for b in blocks if b["op"] == "delete"),
        "edited": sum(1 for b in blocks if b["op"] == "replace"),
    }
