"""Knowledge-base search at volume (issue 18): p50 / p95 of the search service (segment the
query, ranked full-text SQL, load the articles, highlight) beside the bare ranked SQL and a
naive LIKE scan, over 100,000 articles (times --scale).

Run: DATABASE_URL=postgresql://postgres@127.0.0.1/test_bench_kb python benchmarks/kb.py [--scale 1] [--runs 50]
     python benchmarks/kb.py                      (SQLite, a temporary file)
The database (its name must contain "test") is reset and migrated. Articles are generated
from a vocabulary of government words; their segmented columns are the words joined by
spaces (what jieba gives for such text), inserted in bulk without the per-row segmenter.
The bare SQL is the ranked full-text query alone (query segmentation included, no article
loading or highlighting).
Goal: p95 <= 100 ms."""
import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.knowledge.services import search  # noqa: E402
from lists import timed  # noqa: E402

WORDS = ("住房公积金 公积金 提取 贷款 租房 退休 社保卡 医疗保险 养老保险 失业保险 营业执照 食品经营许可 "
         "不动产登记 居住证 落户 公租房 供热 供水 停水 物业 出租车 网约车 地铁 公交 投诉 咨询 办理 材料 "
         "时限 条件 流程 窗口 线上 证明 身份证 户口 子女 入学 医保 报销 异地 就医 工资 拖欠 农民工 消费 "
         "退款 预付卡 装修 噪音 停车 违章 驾驶证 补办 护照 签注 婚姻 登记 生育 津贴 低保 救助 残疾人 补贴").split()
QUERIES = ["公积金提取", "租房 公积金", "营业执照 办理", "居住证 落户", "供热 投诉", "地铁", "医保 异地 就医",
           "预付卡 退款", "驾驶证 补办", "低保 条件", "公租房", "农民工 工资", "出租车 投诉", "停水", "社保卡 补办",
           "子女 入学 材料", "噪音", "不动产登记 时限", "网约车", "残疾人 补贴"]


def fill(n: int) -> None:
    """Each article: a title of two government words and one filler word, a body of 30 words of
    which 3 are government words and the rest from 5,000 filler words — so a query word is in a
    few percent of the articles, not in every third."""
    rng = random.Random(18)
    filler = ["".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(2)) for _ in range(5000)]
    postgres = db.engine.dialect.name == "postgresql"
    began = time.perf_counter()
    with db.engine.begin() as conn:
        batch = []
        for i in range(n):
            title_words = rng.sample(WORDS, 2) + [rng.choice(filler)]
            body_words = rng.sample(WORDS, 3) + [rng.choice(filler) for _ in range(27)]
            rng.shuffle(body_words)
            batch.append({"title": "".join(title_words), "keywords": "", "body": "，".join(body_words) + "。",
                          "st": " ".join(title_words), "sb": " ".join(body_words)})
            if len(batch) == 5000 or i == n - 1:
                conn.execute(text("INSERT INTO kb_article (title, keywords, body, status, source, stale_reason, "
                                  "search_title, search_body, version) VALUES (:title, :keywords, :body, "
                                  "'published', '', '', :st, :sb, 1)"), batch)
                batch = []
        if postgres:
            conn.execute(text("ANALYZE kb_article"))
    print(f"filled {n:,} articles in {time.perf_counter() - began:.1f} s ({db.engine.dialect.name})")


def bare(query: str) -> None:
    """The ranked full-text SQL alone (the query already in its backend syntax)."""
    search.ranked_ids(query, limit=10)


def like(query: str) -> None:
    words = query.split()
    where = " AND ".join(f"(title LIKE :w{i} OR body LIKE :w{i})" for i in range(len(words)))
    db.session.execute(text(f"SELECT id FROM kb_article WHERE status = 'published' AND {where} "
                            "ORDER BY id DESC LIMIT 10"), {f"w{i}": f"%{w}%" for i, w in enumerate(words)}).all()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=50)
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp(prefix='bench-kb-')}/kb.db"
    if url.startswith("postgres") and "test" not in (make_url(url).database or ""):
        sys.exit("the benchmark resets its database: its name must contain 'test'")
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "EMBEDDED_JOBS": False, "JOBS_SYNC": False, "SERVER_NAME": "localhost"})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
        upgrade(revision="heads")
        fill(int(100_000 * options.scale))
        rng = random.Random(1)
        for label, func in (("search service", lambda: search.search(rng.choice(QUERIES), limit=10)),
                            ("bare ranked SQL", lambda: bare(rng.choice(QUERIES))),
                            ("naive LIKE scan", lambda: like(rng.choice(QUERIES)))):
            p50, p95, _ = timed(func, options.runs)
            print(f"{label:18s} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main()
