"""Near-duplicate detection at volume (HOT-15, issue 18 part 3) on PostgreSQL: the full rebuild
of the table-backed MinHash LSH index, then linking one new order against the index (p50 /
p95) beside two baselines — the bare band lookup SQL, and an exact Jaccard scan of the window's
stored shingles — and the labelled sample's precision and recall.

Run: DATABASE_URL=postgresql://postgres@127.0.0.1/test_bench_clusters python benchmarks/clusters.py
         [--n 1000000] [--days 365] [--runs 200] [--keep]
The database (its name must contain "test") is reset and migrated, then filled by SQL
generate_series with N orders spread over DAYS days: 400 issue phrases × 300 places with a
random tail of common characters, so near duplicates exist at every volume. The rebuild is
`flask hotline rebuild-clusters`'s service. Goal: link one new order <= 50 ms p95 at 1,000,000."""
import argparse
import os
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app import create_app  # noqa: E402
from app.core import clock  # noqa: E402
from app.extensions import db  # noqa: E402
from app.hotline import demo_paraphrase  # noqa: E402
from app.hotline.index_models import OrderSignature  # noqa: E402
from app.hotline.models import OrderChannel, OrderType, Urgency, WorkOrder  # noqa: E402
from app.hotline.services import cluster_rebuild, clusters  # noqa: E402
from lists import _insert, _pick, timed  # noqa: E402  (the same fill and timing helpers)

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=clock.SHANGHAI)
BASE = "2026-11-23 01:30:00"  # NOW in UTC, as stored
DISTRICTS = ["和平区", "河西区", "南开区", "河东区", "河北区", "红桥区", "东丽区", "西青区", "津南区", "北辰区"]
ROADS = ["友谊路", "南京路", "卫津路", "黄河道", "中山路", "鞍山西道", "复康路", "红旗路", "解放路", "金钟河大街"]
SUBJECTS = ["小区", "路口", "公交站", "菜市场", "学校门口", "医院附近", "公园", "商场", "工地", "地铁站"]
PROBLEMS = ["停水好几天了", "路灯不亮", "噪音扰民", "垃圾没人清运", "井盖丢失", "占道经营", "违章停车堵路",
            "暖气不热", "电梯故障困人", "污水外溢", "树木倒伏", "窨井冒水", "围挡倒塌", "信号灯坏了",
            "油烟扰民", "私搭乱建", "道路塌陷", "积水严重", "施工扬尘", "宠物扰民"]
DETAILS = ["已经一周了", "反映多次没人管", "存在安全隐患", "影响老人孩子出行", "晚上特别严重",
           "物业说不归他们管", "希望尽快处理", "打电话没人接", "周边居民意见很大", "昨天刚发生"]


def fill(n: int, days: int) -> None:
    tail = "(SELECT string_agg(chr(19968 + (random() * 2500)::int), '') FROM generate_series(1, 8 + 0 * i))"
    phrase = (f"{_pick(SUBJECTS, 'i / 7')} || {_pick(PROBLEMS, 'i / 71')} || '，' || "
              f"{_pick(DETAILS, 'i / 13')} || '，' || {tail}")
    place = f"{_pick(DISTRICTS, 'i / 3')} || {_pick(ROADS, 'i / 31')} || ((i / 17) % 3 + 1)::text || '号'"
    with db.engine.begin() as conn:
        conn.execute(text(_insert(WorkOrder.__table__, f"FROM generate_series(1, {n}) AS i", {
            "number": "'2025' || lpad(i::text, 9, '0')", "channel": "'12345'", "order_type": "'complaint'",
            "urgency": "'normal'", "requester_phone": "'139' || lpad((i % 1000000)::text, 8, '0')",
            "requester_name": "'测试'", "title": "'测试工单' || i", "location": place,
            "text": f"{place} || {phrase}", "triage": "'order'", "state": "'completed'",
            "created_at": f"TIMESTAMP '{BASE}' - make_interval(secs => (i::bigint * {days * 86400} / {n})::int)"})))
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE hotline_order"))


def probes(rng: random.Random, count: int = 200) -> list[tuple[str, str]]:
    """New orders: paraphrases of the labelled sample and orders like the filled ones."""
    found = [(t, p) for t, p, _ in demo_paraphrase.labelled_sample()]
    for _ in range(count):
        place = f"{rng.choice(DISTRICTS)}{rng.choice(ROADS)}{rng.randint(1, 3)}号"
        found.append((place + rng.choice(SUBJECTS) + rng.choice(PROBLEMS) + "，" + rng.choice(DETAILS), place))
    rng.shuffle(found)
    return found[:count]


def exact_scan(signed: clusters.Signed, at: datetime) -> list[int]:
    """Baseline: every stored signature of the window, exact Jaccard and place, no LSH."""
    rows = db.session.execute(select(OrderSignature.order_id, OrderSignature.grams, OrderSignature.place).where(
        OrderSignature.created_at.between(at - clusters.WINDOW, at + clusters.WINDOW))).all()
    return [i for i, grams, place in rows if clusters.jaccard(set(grams.split()), signed.grams) >= clusters.THRESHOLD
            and clusters.same_place(frozenset(place.split()), signed.place)]


def report(label: str, func, runs: int) -> None:
    p50, p95, _ = timed(func, runs)
    print(f"{label:<58} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="reuse the filled and indexed database")
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1/test_bench_clusters")
    if "test" not in (make_url(url).database or ""):
        sys.exit("the benchmark resets its database: its name must contain 'test'")
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "EMBEDDED_JOBS": False, "JOBS_SYNC": False, "SERVER_NAME": "localhost"})
    clock.freeze(NOW)
    with app.app_context():
        sample = demo_paraphrase.labelled_sample()
        forest = cluster_rebuild._Forest()
        for i, (t, p, _) in enumerate(sample):
            signed = clusters.Signed.of(t, p)
            forest.add(i, signed, NOW, clusters.bands(signed.values))
        found = {k: n for n, group in enumerate(forest.groups()) for k in group}
        precision, recall = demo_paraphrase.pair_scores({i: s[2] for i, s in enumerate(sample)}, found)
        print(f"labelled sample ({len(sample)} orders, {len(demo_paraphrase.ISSUES)} paraphrased issues): "
              f"precision {precision:.3f}  recall {recall:.3f}", flush=True)
        if not options.keep:
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
            upgrade(revision="heads")
            began = time.perf_counter()
            fill(options.n, options.days)
            print(f"filled {options.n:,} orders over {options.days} days in {time.perf_counter() - began:.0f} s", flush=True)
            began = time.perf_counter()
            count, formed = cluster_rebuild.rebuild(NOW, progress=lambda k: k % 100_000 == 0 and print(
                f"  … {k:,} signed ({time.perf_counter() - began:.0f} s)", flush=True))
            db.session.commit()
            took = time.perf_counter() - began
            print(f"full rebuild: {count:,} orders in {took:.0f} s ({count / took:,.0f} orders/s), "
                  f"{formed:,} clusters in the 7-day window", flush=True)
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE hotline_lsh_band"))
                conn.execute(text("VACUUM ANALYZE hotline_lsh_signature"))
        indexed = db.session.scalar(text("SELECT count(*) FROM hotline_lsh_signature"))
        in_window = db.session.scalar(select(func.count()).where(OrderSignature.created_at >= NOW - clusters.WINDOW))
        print(f"index: {indexed:,} orders, {in_window:,} in the 7-day window", flush=True)
        rng = random.Random(7)
        new = probes(rng)
        signed = [clusters.Signed.of(t, p) for t, p in new]
        pick = iter(range(10 ** 9))

        def one():
            return signed[next(pick) % len(signed)]

        report("link one new order (sign + band lookup + confirm)",
               lambda: clusters.similar(clusters.Signed.of(*new[next(pick) % len(new)]), NOW), options.runs)
        report("link one new order, signature given", lambda: clusters.similar(one(), NOW), options.runs)
        report("baseline: bare band lookup SQL (window)",
               lambda: db.session.execute(clusters.candidate_ids(one().values, NOW)).all(), options.runs)
        report("band lookup over the whole index (no window)",
               lambda: clusters.similar(one(), NOW, window=None), options.runs)
        report("baseline: exact Jaccard scan of the window", lambda: exact_scan(one(), NOW), max(5, options.runs // 20))

        def index_new():
            order = WorkOrder(number=f"B{rng.getrandbits(40)}", channel=OrderChannel.PHONE_12345,
                              order_type=OrderType.COMPLAINT, urgency=Urgency.NORMAL, text=new[next(pick) % len(new)][0], location=new[0][1],
                              created_at=NOW + timedelta(seconds=1))
            savepoint = db.session.begin_nested()
            db.session.add(order)
            db.session.flush()
            clusters.index_order(order, NOW)
            savepoint.rollback()
        report("record one new order in the index (rolled back)", index_new, options.runs)
        db.session.rollback()


if __name__ == "__main__":
    main()
