"""Many requesters, one issue (HOT-15, HOT-14): near-duplicate orders found with MinHash LSH
(datasketch) over character 2-gram shingles of the segmented text (the place words taken out:
the place is compared on its own), confirmed by the exact Jaccard similarity of the shingles,
within the same place and a time window. A cluster of at least HOTLINE_CLUSTER_MIN_SIZE orders
in the window raises a 集中反映 alert to the centre and the `cluster_found` signal.

The index is persistent and incremental, kept in tables (app/hotline/index_models.py): each
order's signature and shingles, and one row per LSH band looked up by (band_hash, created_at),
the hash covering the band's number and values. It is written in the transaction that records an order (the `order_recorded`
signal) or corrects its text (`order_text_changed`), so a restart loses nothing and nothing is
rebuilt on a timer; `flask hotline rebuild-clusters` rebuilds it all (after changing the
parameters below), the periodic job only indexes orders that somehow missed it."""
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import numpy as np
from blinker import Namespace
from datasketch import MinHash
from flask import current_app
from sqlalchemy import delete, func, insert, or_, select, update

from ...core import clock
from ...extensions import db
from ...knowledge import segment
from ..events import order_recorded, order_text_changed
from ..index_models import LshBand, OrderCluster, OrderSignature
from ..models import WorkOrder
from .common import tell_centre

cluster_found = Namespace().signal("hotline-cluster-found")  # sender: the first order; orders=[...]

PERMUTATIONS = 40
BANDS, ROWS = 20, 2   # a pair of Jaccard 0.2 is a candidate with p = 1-(1-0.2²)^20 ≈ 0.56, of 0.4 ≈ 0.97;
SHINGLE = 2           # a cluster links through its members, so a missed pair rarely splits it
THRESHOLD = 0.2       # Jaccard similarity of the shingle sets that confirms a candidate (see
                      # docs/hotline-clusters.md: precision and recall on the labelled sample)
WINDOW = timedelta(days=7)
MIN_SIZE = 10
_PROTOTYPE = MinHash(num_perm=PERMUTATIONS, seed=15, scheme="affine32")  # its permutations are shared, not redrawn


# What every caller says, whatever the issue: left out, or it would link unrelated orders.
CALLER_WORDS = frozenset("您好 你好 喂 我 我要 我想 反映 市民 来电 称 投诉 举报 咨询 请 尽快 处理 希望 有关 部门 "
                         "解决 要求 麻烦 你们 管一管 帮忙 谢谢 一下 现在".split())


def shingles(text: str, location: str = "") -> set[str]:
    """Character 2-grams of the segmented text (stop words, the callers' set phrases,
    punctuation and place words dropped)."""
    place = _place_terms(location)
    words = "".join(w for w in segment.query_terms(text) if w not in place and w not in CALLER_WORDS)
    return {words[i:i + SHINGLE] for i in range(max(1, len(words) - SHINGLE + 1))} if words else set()


def minhash(grams: set[str]) -> np.ndarray:
    signature = MinHash(num_perm=PERMUTATIONS, seed=15, scheme="affine32", permutations=_PROTOTYPE.permutations)
    if grams:
        signature.update_batch([shingle.encode("utf-8") for shingle in grams])
    return signature.hashvalues.astype("<u4")


def bands(values: np.ndarray) -> list[tuple[int, int]]:
    """(band_no, band_key): a stable signed 64-bit hash of the band's number and ROWS values, so
    one indexed column answers the lookup (band_key IN (…))."""
    raw = values.tobytes()
    width = ROWS * 4
    return [(b, int.from_bytes(hashlib.blake2b(raw[b * width:(b + 1) * width], digest_size=8, salt=bytes([b])).digest(),
                               "little", signed=True)) for b in range(BANDS)]


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


@lru_cache(maxsize=4096)
def _place_terms(location: str) -> frozenset:
    return frozenset(segment.query_terms(location))


def place_words(location: str) -> frozenset:
    return frozenset(w for w in _place_terms(location) if len(w) >= 2)


def same_place(words_a: frozenset, words_b: frozenset) -> bool:
    """Both without a location, or sharing a place word of two characters or more."""
    return (not words_a and not words_b) or bool(words_a & words_b)


@dataclass
class Signed:
    grams: set
    place: frozenset
    values: np.ndarray

    @classmethod
    def of(cls, text: str, location: str) -> "Signed":
        grams = shingles(text, location)
        return cls(grams, place_words(location), minhash(grams))


def min_size() -> int:
    return current_app.config.get("HOTLINE_CLUSTER_MIN_SIZE", MIN_SIZE)


def candidate_ids(values: np.ndarray, at: datetime, window: timedelta | None = WINDOW):
    """The band lookup: orders sharing a band with the signature (inside the window)."""
    query = select(LshBand.order_id).where(LshBand.band_hash.in_([h for _, h in bands(values)]))
    if window is not None:
        query = query.where(LshBand.created_at.between(at - window, at + window))
    return query.distinct()


def similar(signed: Signed, at: datetime, exclude: int | None = None, window: timedelta | None = WINDOW):
    """The indexed orders like this one: LSH candidates confirmed by place and Jaccard.
    Returns (order_id, cluster_id, similarity) rows."""
    if not signed.grams:
        return []
    rows = db.session.execute(select(OrderSignature.order_id, OrderSignature.grams, OrderSignature.place,
                                     OrderSignature.cluster_id)
                              .where(OrderSignature.order_id.in_(candidate_ids(signed.values, at, window)))).all()
    found = []
    for order_id, grams, place, cluster_id in rows:
        score = jaccard(set(grams.split()), signed.grams)
        if order_id != exclude and score >= THRESHOLD and same_place(frozenset(place.split()), signed.place):
            found.append((order_id, cluster_id, score))
    return found


def _store(order_id: int, signed: Signed, at: datetime, cluster_id=None) -> OrderSignature:
    row = OrderSignature(order_id=order_id, signature=signed.values.tobytes(), grams=" ".join(sorted(signed.grams)),
                         place=" ".join(sorted(signed.place)), created_at=at, cluster_id=cluster_id)
    db.session.add(row)
    db.session.flush()
    if signed.grams:  # an empty text would put every empty text in one bucket
        db.session.execute(insert(LshBand), [dict(order_id=order_id, band_no=no, band_hash=h, created_at=at)
                                             for no, h in bands(signed.values)])
    return row


def index_order(order: WorkOrder, now: datetime | None = None) -> list[int]:
    """Add one order to the index (incremental) and link it into its cluster; returns the ids
    of the orders it was linked to. Split children share their parent's text and are left out."""
    if order.parent_id is not None or db.session.get(OrderSignature, order.id) is not None:
        return []
    now = now or clock.now()
    signed = Signed.of(order.text, order.location)
    linked = similar(signed, order.created_at, exclude=order.id)
    row = _store(order.id, signed, order.created_at)
    db.session.flush()
    if linked:
        cluster = _merge(row, linked, now)
        alert(cluster, now)
    return [order_id for order_id, _, _ in linked]


def _merge(row: OrderSignature, linked, now) -> OrderCluster:
    cluster_ids = sorted({c for _, c, _ in linked if c is not None})
    if cluster_ids:
        cluster = db.session.get(OrderCluster, cluster_ids[0])
    else:
        cluster = OrderCluster(first_order_id=row.order_id, created_at=now, updated_at=now)
        db.session.add(cluster)
        db.session.flush()
    others = cluster_ids[1:]
    loose = [order_id for order_id, c, _ in linked if c is None] + [row.order_id]
    db.session.execute(update(OrderSignature).where(or_(OrderSignature.order_id.in_(loose),
                                                        OrderSignature.cluster_id.in_(others)))
                       .values(cluster_id=cluster.id).execution_options(synchronize_session="fetch"))
    if others:
        merged = db.session.scalars(select(OrderCluster).where(OrderCluster.id.in_(others))).all()
        cluster.alerted_step = max([cluster.alerted_step, *(c.alerted_step for c in merged)])
        db.session.execute(delete(OrderCluster).where(OrderCluster.id.in_(others)))
    _refresh(cluster, now)
    return cluster


def _refresh(cluster: OrderCluster, now) -> None:
    cluster.size = db.session.scalar(select(func.count()).where(OrderSignature.cluster_id == cluster.id))
    cluster.first_order_id = db.session.scalar(select(OrderSignature.order_id).where(
        OrderSignature.cluster_id == cluster.id).order_by(OrderSignature.created_at, OrderSignature.order_id).limit(1))
    cluster.updated_at = now
    db.session.flush()


def members(cluster: OrderCluster, now: datetime | None = None, window: timedelta | None = WINDOW) -> list[WorkOrder]:
    """The cluster's orders (those of the window by default), oldest first."""
    query = (select(WorkOrder).join(OrderSignature, OrderSignature.order_id == WorkOrder.id)
             .where(OrderSignature.cluster_id == cluster.id).order_by(WorkOrder.created_at, WorkOrder.id))
    if window is not None:
        query = query.where(OrderSignature.created_at >= (now or clock.now()) - window)
    return db.session.scalars(query).all()


def alert(cluster: OrderCluster, now: datetime) -> bool:
    """集中反映 (HOT-14): once per size step (10, 20, … orders in the window), so a growing
    cluster is reported again; the outbox key makes a repeated call harmless."""
    in_window = db.session.scalar(select(func.count()).where(  # counted, not loaded: most calls alert nothing
        OrderSignature.cluster_id == cluster.id, OrderSignature.created_at >= now - WINDOW))
    step = in_window // min_size()
    if step < 1 or step <= cluster.alerted_step:
        return False
    orders = members(cluster, now)
    first = orders[0]
    tell_centre(first, f"hotline:cluster:{cluster.id}:{step}",
                f"集中反映：近7日{len(orders)}件相似诉求（{first.title or first.text[:20]}），请关注。")
    cluster.alerted_step = step
    cluster_found.send(first, orders=orders, cluster=cluster)
    return True


def largest(start: datetime, end: datetime, min_size: int = 2, limit: int = 5) -> list[list[int]]:
    """The largest clusters among the orders recorded in [start, end) (analysis reports, HOT-23):
    each as the ids of its orders of that period, oldest first; biggest cluster first."""
    size = func.count(OrderSignature.order_id)
    in_period = (OrderSignature.created_at >= start, OrderSignature.created_at < end)
    biggest = db.session.execute(
        select(OrderSignature.cluster_id).where(OrderSignature.cluster_id.is_not(None), *in_period)
        .group_by(OrderSignature.cluster_id).having(size >= min_size)
        .order_by(size.desc(), OrderSignature.cluster_id).limit(limit)).scalars().all()
    return [db.session.scalars(select(OrderSignature.order_id)
                               .where(OrderSignature.cluster_id == cluster_id, *in_period)
                               .order_by(OrderSignature.created_at, OrderSignature.order_id)).all()
            for cluster_id in biggest]


def cluster_of(order: WorkOrder) -> OrderCluster | None:
    return db.session.scalar(select(OrderCluster).join(OrderSignature, OrderSignature.cluster_id == OrderCluster.id)
                             .where(OrderSignature.order_id == order.id))


def unindex(order: WorkOrder, now: datetime | None = None) -> None:
    """Take an order out (its text is about to be signed again); its cluster shrinks."""
    row = db.session.get(OrderSignature, order.id)
    if row is None:
        return
    cluster_id = row.cluster_id
    db.session.execute(delete(LshBand).where(LshBand.order_id == order.id))
    db.session.delete(row)
    db.session.flush()
    if cluster_id is not None:
        cluster = db.session.get(OrderCluster, cluster_id)
        _refresh(cluster, now or clock.now())
        if cluster.size < 2:
            db.session.execute(update(OrderSignature).where(OrderSignature.cluster_id == cluster.id)
                               .values(cluster_id=None).execution_options(synchronize_session="fetch"))
            db.session.delete(cluster)
            db.session.flush()


def on_recorded(sender=None, order=None, **_) -> None:
    index_order(order)


def on_text_changed(sender=None, order=None, **_) -> None:
    unindex(order)
    index_order(order)


def register() -> None:
    order_recorded.connect(on_recorded)
    order_text_changed.connect(on_text_changed)


def check(now: datetime | None = None) -> int:
    """The periodic consistency check: orders of the window missing from the index are added
    (e.g. recorded while the index was being rebuilt). Returns how many."""
    now = now or clock.now()
    missing = db.session.scalars(select(WorkOrder).outerjoin(OrderSignature, OrderSignature.order_id == WorkOrder.id)
                                 .where(WorkOrder.created_at >= now - WINDOW, WorkOrder.parent_id.is_(None),
                                        OrderSignature.order_id.is_(None)).order_by(WorkOrder.created_at)).all()
    for order in missing:
        index_order(order, now)
    return len(missing)
