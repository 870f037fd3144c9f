"""Sentence alignment between two articles of one story.

Scoring: every candidate pair (cosine above a floor) gets the probability of
the MRPC-trained pair classifier, which weighs embedding cosine against
lexical, number, name and negation evidence — so sentences that only share a
topic, a name or a number score low. With the cross-encoder on (cross.py),
each sentence's nearest candidates — by whole-sentence cosine and, when the
encoder is passed in, by the best cosine of their clauses — are read again by
a model that sees both sentences at once, and the two probabilities are
blended. MRPC calls "the same claim with more detail" no paraphrase, so a
second cross-encoder trained for the aligner's own question (the claim
encoder) raises the pairs it accepts, and where it reads a pair as another
claim (under its file's `reject`) no other route may link it, unless the
wording is near-identical. Selection: a ratio margin as in Artetxe & Schwenk
(2019) / Vecalign (the cosine relative to each sentence's k nearest
neighbours) keeps hub sentences from matching everything, and pairs are
taken greedily best-first, which yields mutual best matches.
Many-to-one: a sentence left over may join an existing match when it scores
nearly as well, when it is its partner's best, or when the other sentence
contains most of its content.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from claims.pipeline.align import classifier, cross
from claims.pipeline.align.claims_group import group_claims as _group_claims
from claims.pipeline.align.clauses import clauses
from claims.pipeline.align.embed import Matrix
from claims.pipeline.align.features import FEATURE_NAMES, SentenceInfo, analyse, pair_features


@dataclass(frozen=True)
class AlignConfig:
    threshold: float = 0.5  # least classifier probability for a 1:1 match
    many_to_one_margin: float = 0.05  # a second partner may score this much below the first
    min_cosine: float = 0.3  # pairs below are never scored (cost and noise)
    # The cross-encoders read only pairs at least this alike (by sentence or
    # clause cosine); below it the feature classifier alone scores a pair, for
    # the many-to-one containment test (half of a sentence against the whole
    # sits near 0.35). 0.4 keeps 88.6 % of the BASIL dev gold's same pairs by
    # sentence cosine and drops 38 % of its different ones (docs/performance.md).
    cross_min_cosine: float = 0.4
    margin_k: int = 3  # neighbours in the ratio margin
    min_margin: float = 1.0  # cosine / mean cosine of both sides' k nearest neighbours
    containment: float = 0.7  # share of a leftover sentence's content words found in its partner
    containment_probability: float = 0.2  # least probability for a containment (many-to-one) match
    # Near-duplicate wording is the same claim even when one side adds a clause,
    # which MRPC labels "not a paraphrase"; 0.9 is where MRPC train pairs are
    # ~88 % paraphrases and nearly all the rest the same event with more detail.
    strong_cosine: float = 0.9
    classifier_path: str = ""  # "" = the shipped align/data/pair_classifier.json
    use_classifier: bool = True  # False: plain cosine against threshold (the baseline)
    # The cross-encoder re-scores each sentence's few nearest candidates; the
    # rest of the candidates cannot pass the margin anyway and score 0.
    cross_encoder: bool = True
    cross_encoder_path: str = ""  # "" = the shipped align/data/pair_cross_encoder.safetensors
    cross_top_k: int = 3
    # MRPC calls "the same claim with more detail" not a paraphrase; a second
    # classifier, trained on such pairs, raises a pair it is sure of to its own
    # probability. It reads the cross-encoder's log-odds, so it needs it on.
    detail_classifier: bool = True
    detail_classifier_path: str = ""  # "" = the shipped align/data/detail_classifier.json
    # Near misses (cosine at least this, score under the cut) are read again
    # clause by clause: a sentence may share one of its claims with the other.
    clause_min_cosine: float = 0.5
    clause_rescore: bool = True
    # A cross-encoder trained on "the same claim, any detail, any wording"
    # raises a pair it accepts to its probability (see cross.CLAIM_PATH).
    claim_encoder: bool = True
    claim_encoder_path: str = ""  # "" = the shipped align/data/claim_cross_encoder.safetensors
    # The claim encoder reads each pair in one order (pair_key's) instead of
    # both: half its passes, which are most of what grows with a story.
    claim_encoder_one_order: bool = False
    # A sentence stating two claims is near neither partner by whole-sentence
    # cosine; with an encoder at hand, its clauses' cosines also pick candidates.
    clause_candidates: bool = True
    # The cross-encoders skip pairs under min_margin, which can never match.
    skip_low_margin: bool = True


@dataclass(frozen=True)
class Match:
    a: int  # index into article A's sentences
    b: int  # index into article B's sentences
    score: float


def margins(sim: np.ndarray, k: int) -> np.ndarray:
    """Ratio margin: cos(i, j) over the mean of i's and j's k best cosines."""
    ka, kb = min(k, sim.shape[1]), min(k, sim.shape[0])
    knn_a = np.sort(sim, axis=1)[:, -ka:].mean(axis=1)
    knn_b = np.sort(sim, axis=0)[-kb:, :].mean(axis=0)
    denom = (knn_a[:, None] + knn_b[None, :]) / 2
    return np.asarray(sim / np.maximum(denom, 1e-6), dtype=np.float64)


def _near(sim: np.ndarray, k: int) -> np.ndarray:
    """True where j is among i's k most similar sentences or i among j's."""
    near = np.zeros(sim.shape, dtype=bool)
    rows = np.argsort(-sim, axis=1)[:, :k]
    near[np.arange(sim.shape[0])[:, None], rows] = True
    cols = np.argsort(-sim, axis=0)[:k, :]
    near[cols, np.arange(sim.shape[1])[None, :]] = True
    return near


def clause_similarity(
    texts_a: Sequence[str],
    texts_b: Sequence[str],
    emb_a: Matrix,
    emb_b: Matrix,
    encode: Callable[[Sequence[str]], Matrix],
) -> np.ndarray:
    """Best cosine between any clause (or the whole) of a and any clause (or the whole) of b.

    The wholes' embeddings are given; only the clauses are encoded."""
    split_a = [(n, piece) for n, text in enumerate(texts_a) for piece in clauses(text)]
    split_b = [(n, piece) for n, text in enumerate(texts_b) for piece in clauses(text)]
    found = [piece for _, piece in split_a + split_b]
    emb = np.asarray(encode(found), dtype=np.float64) if found else np.zeros((0, np.shape(emb_a)[1]))
    pieces_a = np.vstack([np.asarray(emb_a, dtype=np.float64), emb[: len(split_a)]])
    pieces_b = np.vstack([np.asarray(emb_b, dtype=np.float64), emb[len(split_a) :]])
    rows = np.asarray([*range(len(texts_a)), *(n for n, _ in split_a)])
    cols = np.asarray([*range(len(texts_b)), *(n for n, _ in split_b)])
    piece_sim = pieces_a @ pieces_b.T
    # Max-pool the piece matrix into sentence rows, then sentence columns.
    by_row = np.full((len(texts_a), piece_sim.shape[1]), -1.0)
    np.maximum.at(by_row, rows, piece_sim)
    out = np.full((len(texts_a), len(texts_b)), -1.0)
    np.maximum.at(out.T, cols, by_row.T)
    return out


def score_matrix(
    infos_a: Sequence[SentenceInfo],
    infos_b: Sequence[SentenceInfo],
    sim: np.ndarray,
    config: AlignConfig,
    *,
    clause_sim: np.ndarray | None = None,
    allowed: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(same-claim score, feature-classifier probability) for every pair; 0 where not scored
    or where the claim encoder's "no" bars the pair.

    The second matrix serves the many-to-one test: the cross-encoder judges
    whole-sentence paraphrase, and a sentence that states half of another is
    no paraphrase of it, while the lexical features still see the overlap.
    """
    scores = np.zeros_like(sim, dtype=np.float64)
    lexical = np.zeros_like(sim, dtype=np.float64)
    cand = np.argwhere(sim >= config.min_cosine)
    if len(cand) == 0:
        return scores, lexical
    if not config.use_classifier:
        scores[sim >= config.min_cosine] = sim[sim >= config.min_cosine]
        return scores, scores
    if config.cross_encoder:
        near = _near(sim, config.cross_top_k) & (sim >= config.min_cosine)
        if clause_sim is not None:
            near |= _near(clause_sim, config.cross_top_k) & (clause_sim >= config.min_cosine)
        if allowed is not None:
            near &= allowed
        cand = np.argwhere(near)
        if len(cand) == 0:
            return scores, lexical
    # The detail classifier's features extend the pair classifier's: one pass.
    detail_on = config.cross_encoder and config.detail_classifier
    feats = np.array(
        [pair_features(infos_a[i], infos_b[j], float(sim[i, j]), detail=detail_on) for i, j in cand]
    )
    pair_classifier = classifier.load(config.classifier_path)
    prob = pair_classifier.probability(feats[:, : len(FEATURE_NAMES)])
    lexical[cand[:, 0], cand[:, 1]] = prob
    if config.cross_encoder:
        alike = sim[cand[:, 0], cand[:, 1]]
        if clause_sim is not None:
            alike = np.maximum(alike, clause_sim[cand[:, 0], cand[:, 1]])
        read = alike >= config.cross_min_cosine
        cand, feats, prob = cand[read], feats[read], prob[read]
        if len(cand) == 0:
            return scores, lexical
        scorer = cross.load(config.cross_encoder_path)
        texts = [(infos_a[i].text, infos_b[j].text) for i, j in cand]
        barred = np.zeros(len(cand), dtype=bool)
        claim_prob = np.zeros(len(cand), dtype=np.float64)
        raised = np.zeros(0, dtype=np.intp)  # pairs the claim encoder accepts, without a bar
        if config.claim_encoder:
            # A claim encoder trained on few hard negatives is lenient with two
            # claims of one story that share a subject or a number, so unless
            # its file waives it ("veto": false), the feature classifier, which
            # weighs names, numbers and unexplained words, must agree at its own
            # MRPC-fitted cut; where it does not, the claim encoder's answer
            # cannot count, so it does not read the pair at all. The shipped
            # file, trained on 67 events' hard negatives, waives it: on the
            # BASIL dev splits the veto cost more right links than wrong ones.
            claim = cross.load(
                config.claim_encoder_path or str(cross.CLAIM_PATH), one_order=config.claim_encoder_one_order
            )
            agree = np.flatnonzero(prob >= pair_classifier.threshold) if claim.veto else np.arange(len(cand))
            if len(agree):
                claim_prob[agree] = claim.probability([texts[n] for n in agree])
                # The encoder trained on the aligner's own question outranks
                # the paraphrase blend and the word-overlap test: where it
                # reads a pair as another claim, neither may link it.
                barred[agree] = claim_prob[agree] < claim.reject
                raised = agree[(claim_prob[agree] >= claim.align_threshold) & ~barred[agree]]
        # The claim encoder reads first: a pair it barred cannot be linked by
        # the paraphrase blend, so the pair encoder need not read it (most of
        # the candidates a growing story adds, docs/performance.md).
        open_ = np.flatnonzero(~barred)
        blend = np.zeros(len(cand), dtype=np.float64)
        if len(open_):
            cross_prob = scorer.probability([texts[n] for n in open_])
            mixed = scorer.combine(prob[open_], cross_prob)
            if detail_on:
                detail = classifier.load_detail(config.detail_classifier_path)
                sure = detail.probability(np.column_stack([feats[open_], cross.logit(cross_prob)]))
                mixed = np.where(sure >= detail.threshold, np.maximum(mixed, sure), mixed)
            blend[open_] = mixed
        blend[raised] = np.maximum(blend[raised], claim_prob[raised])
        scores[cand[:, 0], cand[:, 1]] = np.where(barred, 0.0, blend)
        lexical[cand[barred, 0], cand[barred, 1]] = 0.0
        if config.clause_rescore:
            _clause_rescore(infos_a, infos_b, sim, scores, cand[~barred], config)
    else:
        scores[cand[:, 0], cand[:, 1]] = prob
    strong = sim >= config.strong_cosine
    scores[strong] = np.maximum(scores[strong], sim[strong])
    return scores, lexical


def _clause_rescore(
    infos_a: Sequence[SentenceInfo],
    infos_b: Sequence[SentenceInfo],
    sim: np.ndarray,
    scores: np.ndarray,
    cand: np.ndarray,
    config: AlignConfig,
) -> None:
    """Raise a near miss to its best clause pair's score when that clears the cut."""
    todo = [
        (int(i), int(j))
        for i, j in cand
        if scores[i, j] < config.threshold and sim[i, j] >= config.clause_min_cosine
    ]
    pieces: list[tuple[int, int, str, str]] = []
    for i, j in todo:
        ta, tb = infos_a[i].text, infos_b[j].text
        ca, cb = clauses(ta), clauses(tb)
        for x in [ta, *ca]:
            for y in [tb, *cb]:
                if (x, y) != (ta, tb):
                    pieces.append((i, j, x, y))
    if not pieces:
        return
    # Whole sentences are analysed already; each clause once.
    known = {info.text: info for info in (*infos_a, *infos_b)}
    for _, _, x, y in pieces:
        for text in (x, y):
            if text not in known:
                known[text] = analyse(text)
    left = [known[x] for _, _, x, _ in pieces]
    right = [known[y] for _, _, _, y in pieces]
    # Cosines of the pieces from word overlap would miss paraphrase; the
    # sentence cosine stands in (the classifier weighs it with the rest).
    feats = [
        pair_features(a, b, float(sim[i, j])) for (i, j, _, _), a, b in zip(pieces, left, right, strict=True)
    ]
    scorer = cross.load(config.cross_encoder_path)
    prob = scorer.combine(
        classifier.load(config.classifier_path).probability(feats),
        scorer.probability([(x, y) for _, _, x, y in pieces]),
    )
    # A clause pair sets the rest of both sentences aside, so it must be a
    # sure paraphrase: the scorer's same-claim cut, not the lower alignment one.
    sure = max(scorer.threshold, config.threshold)
    for (i, j, _, _), p in zip(pieces, prob, strict=True):
        if p >= sure and p > scores[i, j]:
            scores[i, j] = p


def _coverage(part: SentenceInfo, whole: SentenceInfo) -> float:
    return len(part.content & whole.content) / len(part.content) if part.content else 0.0


def align_pair(
    texts_a: Sequence[str],
    texts_b: Sequence[str],
    emb_a: Matrix,
    emb_b: Matrix,
    *,
    config: AlignConfig,
    encode: Callable[[Sequence[str]], Matrix] | None = None,
    allowed: np.ndarray | None = None,
) -> list[Match]:
    """Matches between two articles' sentences; `encode` (the sentence encoder)
    lets clauses pick candidates too. `allowed` (a boolean matrix) limits the
    pairs the cross-encoders read."""
    if len(texts_a) == 0 or len(texts_b) == 0:
        return []
    sim = np.asarray(emb_a @ emb_b.T, dtype=np.float64)
    infos_a = [analyse(t) for t in texts_a]
    infos_b = [analyse(t) for t in texts_b]
    clause_sim = None
    if encode is not None and config.clause_candidates and config.cross_encoder:
        clause_sim = clause_similarity(texts_a, texts_b, emb_a, emb_b, encode)
    margin = margins(sim, config.margin_k)
    if clause_sim is not None:
        # A pair found by its clauses may stand out by its clauses' cosine.
        margin = np.maximum(margin, margins(clause_sim, config.margin_k))
    # The k-NN margin means nothing when an article has no more than k
    # sentences; otherwise every match must stand out by it.
    tiny = min(sim.shape) <= config.margin_k
    if config.skip_low_margin and not tiny:
        # A pair under the margin can never be matched, so the cross-encoders
        # need not read it: about half of all candidates (measured in
        # docs/performance.md). Only the many-to-one test's "leftover's own
        # best partner" may see a lower best than with every pair scored.
        standing = margin >= config.min_margin
        allowed = standing if allowed is None else allowed & standing
    scores, lexical = score_matrix(infos_a, infos_b, sim, config, clause_sim=clause_sim, allowed=allowed)
    matches: dict[tuple[int, int], float] = {}
    used_a: set[int] = set()
    used_b: set[int] = set()
    # Best first; ties broken by position so the result never depends on hashing.
    order = sorted(
        ((float(scores[i, j]), int(i), int(j)) for i, j in np.argwhere(scores > 0)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    for s, i, j in order:
        if s < config.threshold:
            break
        if i in used_a or j in used_b or margin[i, j] < config.min_margin:
            continue
        matches[(i, j)] = s
        used_a.add(i)
        used_b.add(j)
    # Many-to-one: one sentence of A states what two of B state (or the reverse).
    anchors_a = {i: s for (i, _), s in matches.items()}
    anchors_b = {j: s for (_, j), s in matches.items()}
    either = np.maximum(scores, lexical)
    row_best, col_best = scores.max(axis=1), scores.max(axis=0)
    candidates = sorted(
        ((float(either[i, j]), int(i), int(j)) for i, j in np.argwhere(either > 0)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    for s, i, j in candidates:
        # Exactly one side must hold a 1:1 match and the other be still free;
        # partners gained here never anchor more, so chains cannot grow.
        if (i in anchors_a) == (j in anchors_b) or (i in used_a and j in used_b):
            continue
        leftover, partner = (infos_a[i], infos_b[j]) if i not in anchors_a else (infos_b[j], infos_a[i])
        anchor = anchors_a[i] if i in anchors_a else anchors_b[j]
        same = float(scores[i, j])
        # The leftover's own best partner, above the cut: a sentence stating
        # two claims matches each of two sentences, however well the first scored.
        best = float(row_best[i]) if i not in anchors_a else float(col_best[j])
        near_anchor = same >= config.threshold and (
            anchor - same <= config.many_to_one_margin or same >= best
        )
        contained = (
            s >= config.containment_probability
            and _coverage(leftover, partner) >= config.containment
            and len(leftover.content) >= 3
        )
        # A second partner must also stand out (unless the article is tiny).
        if (near_anchor or contained) and (tiny or margin[i, j] >= config.min_margin):
            matches[(i, j)] = s
            used_a.add(i)
            used_b.add(j)
    return [Match(a=i, b=j, score=round(s, 6)) for (i, j), s in sorted(matches.items())]


def group_claims(
    sizes: Sequence[int],
    pair_matches: Mapping[tuple[int, int], Sequence[Match]],
    *,
    min_link_share: float = 0.5,
) -> list[list[tuple[int, int]]]:
    """Claims across all articles of a story; see claims_group.group_claims."""
    return _group_claims(sizes, pair_matches, min_link_share=min_link_share)
