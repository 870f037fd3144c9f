"""Alignment and claim grouping: fast tests on a hashed bag-of-words encoder,
one slow test on the real sentence-transformers model."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence

import numpy as np
import pytest

from claims.pipeline.align.features import analyse
from claims.pipeline.align.match import (
    AlignConfig,
    Match,
    align_pair,
    clause_similarity,
    group_claims,
    margins,
)


class BagEncoder:
    """Deterministic: each lower-cased word adds a hashed random direction."""

    dimension = 256

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:4], "little")
                out[row] += np.random.default_rng(seed).standard_normal(self.dimension).astype(np.float32)
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out


ENC = BagEncoder()
# The toy encoder tests the selection logic; the cross-encoder has its own tests.
CONFIG = AlignConfig(cross_encoder=False)


def align(a: list[str], b: list[str], config: AlignConfig = CONFIG) -> list[tuple[int, int]]:
    return [(m.a, m.b) for m in align_pair(a, b, ENC.encode(a), ENC.encode(b), config=config)]


A = [
    "The foreign ministers met in Geneva on Friday to discuss the ceasefire.",
    "Officials said 2,000 soldiers from the northern army crossed the river.",
    "The talks ended without an agreement on prisoner exchanges.",
]
B = [
    "The negotiations ended without any agreement on exchanging prisoners.",
    "On Friday the foreign ministers met in Geneva to discuss the ceasefire.",
    "The weather in the capital was unusually cold for the season.",
]


def test_reordered_paraphrases_align_one_to_one() -> None:
    assert align(A, B) == [(0, 1), (2, 0)]


def test_empty_article_aligns_nothing() -> None:
    assert align([], B) == []
    assert align(A, []) == []


def test_topic_and_number_alone_do_not_align() -> None:
    a = ["Officials said 2,000 soldiers from the northern army crossed the river."]
    b = ["A separate brigade of 2,000 soldiers was training near the southern coast."]
    assert align(a, b) == []


def test_many_to_one_alignment() -> None:
    a = [
        "The minister resigned on Monday after the audit found missing funds in the ministry budget "
        "and prosecutors opened an inquiry into the payments."
    ]
    b = [
        "The minister resigned on Monday after the audit found missing funds in the ministry budget.",
        "Prosecutors opened an inquiry into the payments.",
    ]
    # The toy encoder's cosines run lower than MiniLM's for near-copies.
    assert align(a, b, AlignConfig(strong_cosine=0.85, cross_encoder=False)) == [(0, 0), (0, 1)]


def test_alignment_is_deterministic() -> None:
    assert align(A, B) == align(A, B)


def test_margin_penalises_hub_sentences() -> None:
    # Row 0 is close to everything (a hub); row 1 has one clear partner.
    sim = np.array([[0.8, 0.8, 0.8], [0.7, 0.1, 0.1], [0.1, 0.1, 0.1]])
    m = margins(sim, 2)
    assert m[1, 0] > 1.0
    assert m[0, 0] < m[1, 0]  # same column: the hub scores lower than the clear pair


def test_cosine_baseline_mode() -> None:
    config = AlignConfig(use_classifier=False, cross_encoder=False, threshold=0.6)
    assert (0, 1) in align(A, B, config)


def test_group_claims_components_and_singletons() -> None:
    matches = {(0, 1): [Match(0, 1, 0.9)], (0, 2): [Match(0, 0, 0.8)], (1, 2): [Match(1, 0, 0.8)]}
    groups = group_claims([2, 2, 1], matches)
    assert groups == [[(0, 0), (1, 1), (2, 0)], [(0, 1)], [(1, 0)]]


def test_group_claims_guards_against_chaining() -> None:
    # a0~b0, b0~c0, c0~d0: a path, not a claim; the ends are peeled off.
    matches = {
        (0, 1): [Match(0, 0, 0.9)],
        (1, 2): [Match(0, 0, 0.9)],
        (2, 3): [Match(0, 0, 0.9)],
    }
    groups = group_claims([1, 1, 1, 1], matches)
    assert all(len(g) < 4 for g in groups)
    assert not any((0, 0) in g and (3, 0) in g for g in groups)
    assert sorted(n for g in groups for n in g) == [(0, 0), (1, 0), (2, 0), (3, 0)]


def test_group_claims_keeps_many_to_one_together() -> None:
    matches = {(0, 1): [Match(0, 0, 0.9), Match(0, 1, 0.7)]}
    assert group_claims([1, 2], matches) == [[(0, 0), (1, 0), (1, 1)]]


def test_group_claims_idempotent_and_order_free() -> None:
    matches = {(0, 1): [Match(0, 0, 0.9), Match(1, 1, 0.8)], (0, 2): [Match(0, 0, 0.7)]}
    reordered = {k: list(reversed(v)) for k, v in reversed(list(matches.items()))}
    assert group_claims([2, 2, 1], matches) == group_claims([2, 2, 1], reordered)


@pytest.fixture(scope="session")
def real_encoder():  # type: ignore[no-untyped-def]
    from claims.pipeline.align.embed import get_encoder

    return get_encoder("")


# The aligner as the app runs it: cross-encoder on, its alignment cut.
def real_config() -> AlignConfig:
    from claims.pipeline.align import cross

    return AlignConfig(threshold=cross.load().align_threshold)


@pytest.mark.slow
def test_real_model_aligns_paraphrase_not_topic(real_encoder) -> None:  # type: ignore[no-untyped-def]
    a = [
        "The United States ordered 3,000 additional troops to Eastern Europe on Wednesday.",
        "Russia's foreign minister said Moscow would study the replies before deciding its next steps.",
    ]
    b = [
        "Moscow will review the answers before choosing what to do next, the Russian foreign minister said.",
        "Germany said it would send 3,000 helmets to Ukraine.",
        "On Wednesday, Washington sent an extra 3,000 soldiers to Eastern Europe.",
    ]
    for config in (AlignConfig(cross_encoder=False), real_config()):
        matches = align_pair(a, b, real_encoder.encode(a), real_encoder.encode(b), config=config)
        pairs = {(m.a, m.b) for m in matches}
        assert (0, 2) in pairs
        assert (1, 0) in pairs
        assert (0, 1) not in pairs


@pytest.mark.slow
def test_real_models_align_many_to_one(real_encoder) -> None:  # type: ignore[no-untyped-def]
    # A paraphrase model scores a half-sentence low against the whole; the
    # containment test must still attach it.
    a = [
        "The minister resigned on Monday after an audit found missing funds in the ministry budget "
        "and prosecutors opened an inquiry into the payments.",
        "The opposition called for early elections.",
    ]
    b = [
        "The minister stepped down on Monday after auditors discovered funds missing from the budget.",
        "Prosecutors have opened an inquiry into the payments.",
        "Opposition parties demanded an early election.",
    ]
    matches = align_pair(a, b, real_encoder.encode(a), real_encoder.encode(b), config=real_config())
    assert {(m.a, m.b) for m in matches} == {(0, 0), (0, 1), (1, 2)}


ADDED_DETAIL = (
    "The central bank raised its main interest rate by half a point on Thursday.",
    "On Thursday the central bank raised its main interest rate by half a point, its fourth increase "
    "this year, citing stubborn inflation in services and rents.",
)
SAME_STORY = "Economists had expected the bank to hold rates steady until the spring."
# Known failure (docs/quality.md): a different claim opening with the same
# words still reads as "the same claim with other detail".
SHARED_OPENING = (
    "The central bank said its main interest rate would stay at record highs for longer than markets expect."
)


@pytest.fixture(scope="module")
def detail_probability(real_encoder):  # type: ignore[no-untyped-def]
    from claims.pipeline.align import classifier, cross
    from claims.pipeline.align.features import analyse, detail_features

    detail, scorer = classifier.load_detail(), cross.load()

    def probability(a: str, b: str) -> float:
        emb = real_encoder.encode([a, b])
        z = float(cross.logit(scorer.probability([(a, b)]))[0])
        feats = detail_features(analyse(a), analyse(b), float(emb[0] @ emb[1]), z)
        return float(detail.probability([feats])[0]) - detail.threshold

    return probability


@pytest.mark.slow
def test_detail_classifier_takes_added_detail_not_another_claim(detail_probability) -> None:  # type: ignore[no-untyped-def]
    assert detail_probability(*ADDED_DETAIL) >= 0
    assert detail_probability(ADDED_DETAIL[0], SAME_STORY) < 0


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="known failure: a shared opening phrase (docs/quality.md)")
def test_detail_classifier_rejects_a_shared_opening(detail_probability) -> None:  # type: ignore[no-untyped-def]
    assert detail_probability(ADDED_DETAIL[0], SHARED_OPENING) < 0


@pytest.mark.slow
def test_real_models_align_the_same_claim_told_with_more_detail(real_encoder) -> None:  # type: ignore[no-untyped-def]
    a = [ADDED_DETAIL[0], "Shares in exporters fell sharply after the announcement."]
    b = [ADDED_DETAIL[1], SAME_STORY, "The finance minister will present the budget next month."]
    ea, eb = real_encoder.encode(a), real_encoder.encode(b)
    assert {(m.a, m.b) for m in align_pair(a, b, ea, eb, config=real_config())} == {(0, 0)}


def test_a_leftover_joins_the_sentence_it_scores_best_with() -> None:
    # One sentence of A states what two of B state; the second half scores
    # well under the first (not within the many-to-one margin) but its best
    # partner is that sentence, so it joins.
    a = [
        "Rebels seized the northern airport and the army barracks at dawn on Sunday after a long night "
        "of fighting, and cut the road south",
        "The weather was cold",
    ]
    b = [
        "Rebels seized the northern airport and the army barracks at dawn on Sunday after a long night "
        "of fighting",
        "They cut the road south",
        "Aid flights were cancelled",
    ]
    enc = BagEncoder()
    ea, eb = enc.encode(a), enc.encode(b)
    sim = ea @ eb.T
    assert sim[0, 0] - sim[0, 1] > 0.05  # outside the many-to-one margin
    # Containment off, so only the best-partner rule can attach it.
    config = AlignConfig(use_classifier=False, threshold=0.3, min_margin=0.0, containment=1.01)
    assert {(m.a, m.b) for m in align_pair(a, b, ea, eb, config=config)} == {(0, 0), (0, 1)}


def test_clause_similarity_is_the_best_cosine_of_any_two_pieces() -> None:
    a = [
        "The terms of the truce were already known — and the general said his troops would leave "
        "the three villages by Sunday",
        "Farmers returned to the fields",
    ]
    b = ["The terms of the truce were already known", "The harvest was late this year"]
    enc = BagEncoder()
    ea, eb = enc.encode(a), enc.encode(b)
    whole = ea @ eb.T
    by_clause = clause_similarity(a, b, ea, eb, enc.encode)
    # The first clause holds exactly b[0]'s words; the whole sentence dilutes them.
    assert by_clause[0, 0] == pytest.approx(1.0, abs=1e-5)
    assert whole[0, 0] < 0.8
    # A sentence's whole is one of its pieces, so clauses can only raise a cosine.
    assert np.all(by_clause >= whole - 1e-6)
    assert by_clause[1, 1] == pytest.approx(whole[1, 1], abs=1e-5)


class _FixedScorer:
    """Stands in for the cross-encoder: every pair it reads is a paraphrase; it remembers what it read."""

    threshold = 0.584
    align_threshold = 0.5

    def __init__(self) -> None:
        self.read: list[tuple[str, str]] = []

    def probability(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        self.read.extend(pairs)
        return np.full(len(pairs), 0.9)

    def combine(self, classifier_prob: np.ndarray, cross_prob: np.ndarray) -> np.ndarray:
        return np.asarray(cross_prob)


def test_clauses_bring_a_two_claim_sentence_its_partner(monkeypatch: pytest.MonkeyPatch) -> None:
    from claims.pipeline.align import match as align

    monkeypatch.setattr(align.cross, "load", lambda *args, **kwargs: _FixedScorer())
    a = [f"Sentence {n} of article A about the talks" for n in range(5)]
    b = [f"Sentence {n} of article B about the talks" for n in range(5)]
    infos_a, infos_b = [analyse(t) for t in a], [analyse(t) for t in b]
    # Sentence 0 of A is nearest to B's 0-2 by whole-sentence cosine and B's 4
    # nearest to A's 1-3, so (0, 4) is outside both top-3 lists; one clause
    # of A's 0 is B's 4 in other words.
    sim = np.full((5, 5), 0.35)
    sim[0, :3] = 0.7
    sim[1:4, 4] = 0.7
    clause_sim = sim.copy()
    clause_sim[0, 4] = 0.9
    config = AlignConfig(detail_classifier=False, claim_encoder=False, clause_rescore=False)
    without, _ = align.score_matrix(infos_a, infos_b, sim, config)
    with_clauses, _ = align.score_matrix(infos_a, infos_b, sim, config, clause_sim=clause_sim)
    assert without[0, 4] == 0.0
    assert with_clauses[0, 4] == pytest.approx(0.9)


@pytest.mark.slow
def test_real_models_keep_apart_two_claims_sharing_a_subject(real_encoder) -> None:  # type: ignore[no-untyped-def]
    # The first-stage claim encoder alone accepted this pair (0.98). The
    # shipped one, trained on hand-judged hard negatives, rejects it alone
    # (0.37), so it no longer needs the feature classifier's veto.
    from tests.pipeline.align.test_claim_encoder import SAME_SUBJECT

    a = [SAME_SUBJECT[0], "Ships queued outside the harbour."]
    b = [SAME_SUBJECT[1], "The port authority expects traffic to recover by June."]
    ea, eb = real_encoder.encode(a), real_encoder.encode(b)
    matches = align_pair(a, b, ea, eb, config=real_config(), encode=real_encoder.encode)
    assert (0, 0) not in {(m.a, m.b) for m in matches}


@pytest.mark.slow
def test_real_models_align_the_same_claim_told_with_other_detail(real_encoder) -> None:  # type: ignore[no-untyped-def]
    # What MRPC calls "not equivalent" (test_claim_encoder.py) the aligner
    # must still align.
    from tests.pipeline.align.test_claim_encoder import ADDED_DETAIL as PAIRS

    for a, b in PAIRS:
        matches = align_pair(
            [a],
            [b],
            real_encoder.encode([a]),
            real_encoder.encode([b]),
            config=real_config(),
            encode=real_encoder.encode,
        )
        assert [(m.a, m.b) for m in matches] == [(0, 0)], (a, b)


class _RecordingScorer(_FixedScorer):
    """A cross-encoder stand-in that scores by word overlap and remembers what it read."""

    def probability(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        self.read.extend(pairs)
        words = [(set(re.findall(r"\w+", x.lower())), set(re.findall(r"\w+", y.lower()))) for x, y in pairs]
        return np.asarray([len(x & y) / max(len(x | y), 1) for x, y in words])


TALKS_A = [
    *A,
    "The mediators will report to the council next week.",
    "A second round of talks is planned for March in Vienna.",
    "Both delegations thanked the Swiss hosts.",
]
TALKS_B = [
    *B,
    "Both delegations thanked their Swiss hosts for the meeting.",
    "The council expects a report from the mediators next week.",
    "Farmers in the north complained about the drought.",
]


def test_pairs_under_the_margin_are_not_read_and_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from claims.pipeline.align import match as align

    config = AlignConfig(detail_classifier=False, claim_encoder=False, clause_rescore=False, min_cosine=0.0)
    ea, eb = ENC.encode(TALKS_A), ENC.encode(TALKS_B)
    standing = margins(np.asarray(ea @ eb.T, dtype=np.float64), config.margin_k) >= config.min_margin
    below = {(TALKS_A[i], TALKS_B[j]) for i, j in np.argwhere(~standing)}
    results, reads = [], []
    for skip in (True, False):
        scorer = _RecordingScorer()
        monkeypatch.setattr(align.cross, "load", lambda *args, s=scorer, **kwargs: s)
        chosen = AlignConfig(**{**config.__dict__, "skip_low_margin": skip})
        results.append(align_pair(TALKS_A, TALKS_B, ea, eb, config=chosen))
        reads.append(set(scorer.read))
    skipped, everything = reads
    assert below and not skipped & below
    assert everything & below and skipped < everything  # without the skip they were read
    assert results[0] == results[1] and results[0]


@pytest.mark.slow
def test_real_models_skip_pairs_under_the_margin_with_the_same_matches(real_encoder) -> None:  # type: ignore[no-untyped-def]
    from claims.pipeline.align import cross

    a = [
        "The United States ordered 3,000 additional troops to Eastern Europe on Wednesday.",
        "Russia's foreign minister said Moscow would study the replies before deciding its next steps.",
        "The minister resigned on Monday after an audit found missing funds in the ministry budget.",
        "The opposition called for early elections.",
        "Talks will resume in Geneva next month.",
    ]
    b = [
        "Moscow will review the answers before choosing what to do next, the Russian foreign minister said.",
        "Germany said it would send 3,000 helmets to Ukraine.",
        "On Wednesday, Washington sent an extra 3,000 soldiers to Eastern Europe.",
        "Opposition parties demanded an early election.",
        "The minister stepped down on Monday after auditors discovered funds missing from the budget.",
    ]
    ea, eb = real_encoder.encode(a), real_encoder.encode(b)
    results, passes = [], []
    scorer, claim = cross.load(), cross.load(str(cross.CLAIM_PATH))
    for skip in (True, False):
        for s in (scorer, claim):
            s._memo.clear()
        before = scorer.passes + claim.passes
        # Every cosine a candidate, so that some fall under the margin.
        config = AlignConfig(
            threshold=scorer.align_threshold, min_cosine=-1.0, cross_min_cosine=-1.0, skip_low_margin=skip
        )
        matches = align_pair(a, b, ea, eb, config=config, encode=real_encoder.encode)
        results.append({(m.a, m.b) for m in matches})
        passes.append(scorer.passes + claim.passes - before)
    assert results[0] == results[1]
    assert {(0, 2), (1, 0), (2, 4), (3, 3)} <= results[0]
    assert passes[0] < passes[1]


def test_the_cross_encoders_read_no_pair_under_their_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    from claims.pipeline.align import match as align

    scorer = _RecordingScorer()
    monkeypatch.setattr(align.cross, "load", lambda *args, **kwargs: scorer)
    config = AlignConfig(
        detail_classifier=False,
        claim_encoder=False,
        clause_rescore=False,
        min_cosine=0.0,
        cross_min_cosine=0.3,
    )
    infos_a, infos_b = [analyse(t) for t in TALKS_A], [analyse(t) for t in TALKS_B]
    sim = np.asarray(ENC.encode(TALKS_A) @ ENC.encode(TALKS_B).T, dtype=np.float64)
    scores, lexical = align.score_matrix(infos_a, infos_b, sim, config)
    index = {(x, y): (i, j) for i, x in enumerate(TALKS_A) for j, y in enumerate(TALKS_B)}
    read = {index[p] for p in scorer.read}
    low = {(int(i), int(j)) for i, j in np.argwhere((lexical > 0) & (sim < config.cross_min_cosine))}
    assert read and all(sim[i, j] >= config.cross_min_cosine for i, j in read)
    # Under the floor the feature classifier still scores the pair (for the
    # many-to-one containment test); the pair gets no same-claim score.
    assert low and not read & low and all(scores[i, j] == 0 for i, j in low)


class _AlwaysSame(_RecordingScorer):
    """A claim-encoder stand-in that accepts every pair it reads, and remembers them."""

    reject = 0.0

    def __init__(self, *, veto: bool = True) -> None:
        super().__init__()
        self.veto = veto

    def probability(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        self.read.extend(pairs)
        return np.full(len(pairs), 0.95)


def _score_with_stand_ins(
    monkeypatch: pytest.MonkeyPatch,
    pair_scorer: _FixedScorer,
    claim_scorer: _RecordingScorer,
    a: Sequence[str],
    b: Sequence[str],
    config: AlignConfig,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, Callable[[_RecordingScorer], set[tuple[int, int]]]]:
    """score_matrix with both cross-encoders replaced: scores, lexical, cosine, and what a scorer read."""
    from claims.pipeline.align import match as align

    claim_path = str(align.cross.CLAIM_PATH)
    monkeypatch.setattr(
        align.cross, "load", lambda path="", *a, **k: claim_scorer if path == claim_path else pair_scorer
    )
    infos_a, infos_b = [analyse(t) for t in a], [analyse(t) for t in b]
    sim = np.asarray(ENC.encode(list(a)) @ ENC.encode(list(b)).T, dtype=np.float64)
    scores, lexical = align.score_matrix(infos_a, infos_b, sim, config)
    index = {(x, y): (i, j) for i, x in enumerate(a) for j, y in enumerate(b)}
    return scores, lexical, sim, lambda scorer: {index[p] for p in scorer.read}


@pytest.mark.parametrize("veto", [True, False])
def test_claim_encoder_reads_only_pairs_the_classifier_lets_it_raise(
    monkeypatch: pytest.MonkeyPatch, veto: bool
) -> None:
    from claims.pipeline.align import classifier

    pair_scorer, claim_scorer = _RecordingScorer(), _AlwaysSame(veto=veto)
    config = AlignConfig(detail_classifier=False, clause_rescore=False, min_cosine=0.0)
    scores, lexical, _, read_by = _score_with_stand_ins(
        monkeypatch, pair_scorer, claim_scorer, TALKS_A, TALKS_B, config
    )
    cut = classifier.load(config.classifier_path).threshold
    read, scored = read_by(claim_scorer), read_by(pair_scorer)
    vetoed = {(i, j) for i, j in scored if lexical[i, j] < cut}
    assert read and vetoed  # both kinds of candidate occur
    assert all(scores[i, j] >= 0.95 for i, j in read)
    if veto:
        assert read == scored - vetoed  # every pair it could raise, and only those
        assert all(scores[i, j] < 0.95 for i, j in vetoed)  # the classifier's veto stands
    else:  # a claim encoder whose file waives the veto reads, and may raise, every candidate
        assert read == scored


class _AlwaysDifferent(_RecordingScorer):
    """A claim-encoder stand-in, without the veto, that reads every pair as another claim."""

    veto = False
    align_threshold = 0.9

    def __init__(self, *, reject: float) -> None:
        super().__init__()
        self.reject = reject

    def probability(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        self.read.extend(pairs)
        return np.full(len(pairs), 0.1)


@pytest.mark.parametrize("reject", [0.0, 0.5])
def test_the_claim_encoders_no_bars_every_other_route_but_near_duplicates(
    monkeypatch: pytest.MonkeyPatch, reject: float
) -> None:
    claim_scorer, pair_scorer = _AlwaysDifferent(reject=reject), _FixedScorer()
    same = "Both delegations thanked the Swiss hosts."
    a = [*TALKS_A[:-1], same]
    b = [*TALKS_B, same]
    config = AlignConfig(detail_classifier=False, min_cosine=0.0)
    scores, lexical, sim, read_by = _score_with_stand_ins(
        monkeypatch, pair_scorer, claim_scorer, a, b, config
    )
    read = read_by(claim_scorer)
    twins = (len(a) - 1, len(b) - 1)
    assert len(read) > 3 and twins in read
    matches = {(m.a, m.b) for m in align_pair(a, b, ENC.encode(a), ENC.encode(b), config=config)}
    if reject == 0.0:  # its "no" counts for nothing: the paraphrase scorer (0.9) links pairs
        assert all(scores[i, j] >= 0.9 for i, j in read)
        assert len(matches) > 1
        assert read_by(pair_scorer) == read
    else:  # neither the paraphrase blend nor word overlap may link what it read
        # ... so the paraphrase scorer, whose answer cannot count, reads none of it.
        assert pair_scorer.read == []
        twins_alike = {(i, j) for i, j in read if sim[i, j] >= config.strong_cosine}
        assert twins in twins_alike and read - twins_alike
        assert all(scores[i, j] == 0 and lexical[i, j] == 0 for i, j in read - twins_alike)
        assert all(scores[i, j] >= sim[i, j] for i, j in twins_alike)  # near-duplicate wording still counts
        assert twins in matches and matches <= twins_alike


@pytest.mark.slow
def test_the_claim_encoder_reads_one_order_when_told(real_encoder, settings) -> None:  # type: ignore[no-untyped-def]
    from claims import engines
    from claims.pipeline.align import cross
    from claims.services.pair_scores import pair_scorers

    a = [
        "The United States ordered 3,000 additional troops to Eastern Europe on Wednesday.",
        "Russia's foreign minister said Moscow would study the replies before deciding its next steps.",
    ]
    b = [
        "Moscow will review the answers before choosing what to do next, the Russian foreign minister said.",
        "On Wednesday, Washington sent an extra 3,000 soldiers to Eastern Europe.",
    ]
    settings.ALIGN_CLAIM_ONE_ORDER = True
    config = engines.align_config()
    _, claim = pair_scorers()  # the scorer whose scores are stored
    both = cross.load(str(cross.CLAIM_PATH))
    assert claim.one_order and not both.one_order and claim.version == both.version + ":one-order"
    claim._memo.clear()
    before_one, before_both = claim.passes, both.passes
    matches = align_pair(a, b, real_encoder.encode(a), real_encoder.encode(b), config=config)
    # The aligner read its pairs with the stored scorer, one pass each, and never with the other.
    assert claim.passes - before_one == len(claim._memo) > 0
    assert both.passes == before_both
    assert {(m.a, m.b) for m in matches} == {(0, 1), (1, 0)}
