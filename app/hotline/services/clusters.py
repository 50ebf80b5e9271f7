"""Many requesters, one issue (HOT-15, HOT-14): near-duplicate orders found with MinHash LSH
(datasketch) over character 2-gram shingles of the segmented text (the place words taken out:
the place is compared on its own), confirmed by the exact Jaccard similarity of the shingles,
within the same place and a time window; a cluster of at least HOTLINE_CLUSTER_MIN_SIZE orders raises a 集中反映 alert to
the centre and the `cluster_found` signal (hotline II's 督办 board connects to it).

The index is in memory: `ClusterIndex.add` is incremental; `detect` rebuilds it from the
window's orders on each run (a few thousand orders a week)."""
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from blinker import Namespace
from datasketch import MinHash, MinHashLSH
from flask import current_app
from sqlalchemy import select

from ...core import clock
from ...extensions import db
from ...knowledge import segment
from ..models import WorkOrder
from .common import tell_centre

cluster_found = Namespace().signal("hotline-cluster-found")  # sender: the first order; orders=[...]

PERMUTATIONS = 64
SHINGLE = 2
THRESHOLD = 0.25      # Jaccard similarity of the shingle sets
LSH_THRESHOLD = 0.2   # the candidates' bands: a little lower, so few true pairs are missed
WINDOW = timedelta(days=7)
MIN_SIZE = 10


def shingles(text: str, location: str = "") -> set[str]:
    """Character 2-grams of the segmented text (stop words, punctuation and place words dropped)."""
    place = set(segment.query_terms(location))
    words = "".join(w for w in segment.query_terms(text) if w not in place)
    return {words[i:i + SHINGLE] for i in range(max(1, len(words) - SHINGLE + 1))} if words else set()


def minhash(grams: set[str]) -> MinHash:
    signature = MinHash(num_perm=PERMUTATIONS, seed=15)
    signature.update_batch([shingle.encode("utf-8") for shingle in grams])
    return signature


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def place_words(location: str) -> frozenset:
    return frozenset(w for w in segment.query_terms(location) if len(w) >= 2)


def same_place(words_a: frozenset, words_b: frozenset) -> bool:
    """Both without a location, or sharing a place word of two characters or more."""
    return (not words_a and not words_b) or bool(words_a & words_b)


@dataclass
class _Entry:
    grams: set
    place: frozenset
    at: datetime


@dataclass
class ClusterIndex:
    threshold: float = THRESHOLD
    window: timedelta = WINDOW
    entries: dict = field(default_factory=dict)
    parent: dict = field(default_factory=dict)

    def __post_init__(self):
        self.lsh = MinHashLSH(threshold=min(self.threshold, LSH_THRESHOLD), num_perm=PERMUTATIONS)

    def _root(self, key):
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def similar(self, text: str, location: str, at: datetime) -> list:
        """The indexed orders like this text: LSH candidates, confirmed."""
        grams = shingles(text, location)
        return self._confirmed(grams, minhash(grams), place_words(location), at)

    def _confirmed(self, grams, signature, place, at) -> list:
        return [key for key in self.lsh.query(signature)
                if abs(self.entries[key].at - at) <= self.window and same_place(place, self.entries[key].place)
                and jaccard(self.entries[key].grams, grams) >= self.threshold]

    def add(self, key, text: str, location: str, at: datetime) -> list:
        """Index one order (incremental); returns the earlier ones it is linked to."""
        grams, place = shingles(text, location), place_words(location)
        signature = minhash(grams)
        linked = self._confirmed(grams, signature, place, at)
        self.entries[key] = _Entry(grams, place, at)
        self.parent[key] = key
        self.lsh.insert(key, signature)
        for other in linked:
            self.parent[self._root(other)] = self._root(key)
        return linked

    def clusters(self, min_size: int = 2) -> list[list]:
        groups: dict = {}
        for key in self.entries:
            groups.setdefault(self._root(key), []).append(key)
        return sorted((sorted(g) for g in groups.values() if len(g) >= min_size), key=lambda g: (-len(g), g[0]))


def detect(now: datetime | None = None) -> list[list[WorkOrder]]:
    """Clusters among the window's orders; each at least the minimum size alerts the centre
    once per size step (the outbox key), so a growing cluster is reported again."""
    now = now or clock.now()
    min_size = current_app.config.get("HOTLINE_CLUSTER_MIN_SIZE", MIN_SIZE)
    orders = db.session.scalars(select(WorkOrder).where(WorkOrder.created_at >= now - WINDOW)
                                .order_by(WorkOrder.created_at).execution_options(yield_per=500)).all()
    index = ClusterIndex()
    for order in orders:
        index.add(order.id, order.text, order.location, order.created_at)
    by_id = {o.id: o for o in orders}
    found = []
    for ids in index.clusters(min_size):
        members = [by_id[i] for i in ids]
        first = members[0]
        tell_centre(first, f"hotline:cluster:{first.id}:{len(ids) // min_size}",
                    f"集中反映：近7日{len(ids)}件相似诉求（{first.title or first.text[:20]}），请关注。")
        cluster_found.send(first, orders=members)
        found.append(members)
    return found
