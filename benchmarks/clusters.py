"""Near-duplicate detection (HOT-15, issue 18): precision and recall on a labelled sample, the
time to link one new order against N indexed ones (p50 / p95, beside a brute-force exact
Jaccard scan of the same orders), and a full rebuild of the index.

Run: python benchmarks/clusters.py [--n 100000] [--runs 50]
The labelled sample: 5 issues × 20 paraphrases (openers, places, wordings and closings
combined as callers vary them) plus the 16 different texts of the demo generator
(app/hotline/data/demo_samples.json), each its own issue. In memory, no database."""
import argparse
import itertools
import json
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from app.hotline.services import clusters  # noqa: E402
from lists import timed  # noqa: E402

NOW = datetime(2026, 11, 23, 1, 30)
OPENERS = ["您好，", "我要反映，", "来电反映：", "", "市民来电称，"]
CLOSERS = ["，请尽快处理。", "，希望有关部门尽快解决。", "，要求尽快解决。", "。"]
ISSUES = {
    "河西区友谊路88号小区": ["从昨天早上开始一直停水，到现在也没有恢复供水", "停水已经两天了，一直没有恢复供水",
                      "昨天开始停水，至今仍未恢复供水", "连续停水两天，供水一直没有恢复"],
    "南开区鞍山西道": ["夜间施工噪音很大，凌晨还在施工，影响休息", "工地晚上施工噪音扰民，半夜都不停",
                "建筑工地夜里施工噪音太大，严重影响睡眠", "深夜施工噪声扰民，晚上睡不着觉"],
    "和平区滨江道": ["共享单车乱停乱放，把人行道堵住了", "人行道上堆满了乱停的共享单车，行人没法走",
               "共享单车占用人行道乱停放", "大量共享单车乱停，人行道被占"],
    "红桥区西沽公园": ["公园里的路灯坏了好几天，晚上一片漆黑", "路灯不亮已经一周，晚上很黑不安全",
                "公园路灯损坏，夜间没有照明", "几盏路灯一直不亮，夜里漆黑一片"],
    "北辰区果园新村": ["小区暖气不热，室温只有十几度", "供暖温度不达标，家里暖气一点都不热",
                "暖气温度太低，屋里只有十五度", "供热不达标，暖气片冰凉"],
}


def labelled_sample():
    rng = random.Random(18)
    sample = []
    for label, (place, wordings) in enumerate(ISSUES.items()):
        for i in range(20):
            text = rng.choice(OPENERS) + place + wordings[i % 4] + rng.choice(CLOSERS)
            sample.append((text, place, label))
    demo = json.loads((ROOT / "app/hotline/data/demo_samples.json").read_text(encoding="utf-8"))["orders"]
    sample += [(o["text"], o["location"], 100 + i) for i, o in enumerate(demo)]
    return sample


def precision_recall() -> tuple[float, float, int]:
    sample = labelled_sample()
    index = clusters.ClusterIndex()
    for i, (text, place, _) in enumerate(sample):
        index.add(i, text, place, NOW + timedelta(minutes=i))
    cluster_of = {key: n for n, group in enumerate(index.clusters(2)) for key in group}
    found = {(a, b) for a, b in itertools.combinations(range(len(sample)), 2)
             if a in cluster_of and cluster_of.get(a) == cluster_of.get(b)}
    truth = {(a, b) for a, b in itertools.combinations(range(len(sample)), 2) if sample[a][2] == sample[b][2]}
    return len(found & truth) / max(1, len(found)), len(found & truth) / max(1, len(truth)), len(index.clusters(10))


def filler_texts(n: int, rng: random.Random) -> list[str]:
    words = ["".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(2)) for _ in range(20000)]
    return ["".join(rng.choice(words) for _ in range(15)) for _ in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    options = parser.parse_args()
    precision, recall, big = precision_recall()
    print(f"labelled sample: precision {precision:.3f}  recall {recall:.3f}  clusters of 10+: {big} (expected 5)")
    rng = random.Random(1)
    texts = filler_texts(options.n, rng)
    began = time.perf_counter()
    index = clusters.ClusterIndex()
    for i, text in enumerate(texts):
        index.add(i, text, "", NOW)
    print(f"full rebuild of {options.n:,} orders: {time.perf_counter() - began:.1f} s")
    probes = labelled_sample()
    p50, p95, _ = timed(lambda: index.similar(*rng.choice(probes)[:2], NOW), options.runs)
    print(f"link one new order (LSH):        p50 {p50:6.2f} ms  p95 {p95:6.2f} ms")
    entries = list(index.entries.values())

    def brute():
        grams = clusters.shingles(*rng.choice(probes)[:2])
        return [e for e in entries if clusters.jaccard(e.grams, grams) >= clusters.THRESHOLD]
    p50, p95, _ = timed(brute, max(3, options.runs // 10))
    print(f"baseline exact scan:             p50 {p50:6.2f} ms  p95 {p95:6.2f} ms")


if __name__ == "__main__":
    main()
