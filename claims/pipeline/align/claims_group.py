"""Group aligned sentences of a story's articles into claims.

Connected components of the alignment graph, with a guard against chaining:
A~B and B~C do not make A a claim with C unless each member is aligned to at
least `min_link_share` of the group's members from other articles. Members
that fail the guard are peeled off (weakest first) and grouped again among
themselves, so the result is deterministic and does not depend on input order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

Node = tuple[int, int]  # (article index, sentence index)


class _Match(Protocol):
    @property
    def a(self) -> int: ...
    @property
    def b(self) -> int: ...


def _components(nodes: Iterable[Node], edges: set[frozenset[Node]]) -> list[list[Node]]:
    parent = {n: n for n in nodes}

    def find(x: Node) -> Node:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for edge in sorted(tuple(sorted(e)) for e in edges):
        x, y = edge
        if x in parent and y in parent:
            rx, ry = find(x), find(y)
            if rx != ry:
                parent[max(rx, ry)] = min(rx, ry)
    groups: dict[Node, list[Node]] = {}
    for n in parent:
        groups.setdefault(find(n), []).append(n)
    return [sorted(g) for g in groups.values()]


def _share(node: Node, group: list[Node], edges: set[frozenset[Node]]) -> float:
    others = [m for m in group if m[0] != node[0]]
    if not others:
        return 1.0
    return sum(1 for m in others if frozenset((node, m)) in edges) / len(others)


def _guarded(group: list[Node], edges: set[frozenset[Node]], min_share: float) -> list[list[Node]]:
    members = list(group)
    peeled: list[Node] = []
    while len(members) > 2:
        shares = [(_share(n, members, edges), n) for n in members]
        worst_share, worst = min(shares, key=lambda s: (s[0], [-v for v in s[1]]))
        if worst_share >= min_share:
            break
        members.remove(worst)
        peeled.append(worst)
    out = [sorted(members)]
    if peeled:
        for sub in _components(peeled, edges):
            out.extend(_guarded(sub, edges, min_share) if len(sub) > 2 else [sub])
    return out


def group_claims(
    sizes: Sequence[int],
    pair_matches: Mapping[tuple[int, int], Sequence[_Match]],
    *,
    min_link_share: float = 0.5,
) -> list[list[Node]]:
    """Claims of a story: each a sorted list of (article, sentence); every sentence is in exactly one.

    sizes[k] is the number of sentences of article k; pair_matches[(ia, ib)]
    holds the matches of align_pair(article ia, article ib).
    """
    nodes = [(ai, si) for ai, n in enumerate(sizes) for si in range(n)]
    edges = {
        frozenset(((ia, m.a), (ib, m.b)))
        for (ia, ib), matches in pair_matches.items()
        for m in matches
        if m.a < sizes[ia] and m.b < sizes[ib]
    }
    out: list[list[Node]] = []
    for comp in _components(nodes, edges):
        out.extend(_guarded(comp, edges, min_link_share) if len(comp) > 2 else [comp])
    return sorted(out, key=lambda g: g[0])
