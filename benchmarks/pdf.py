"""PDF rendering figures (DOC-1): ms per one-page and ten-page official document, then 200
documents in one process with the median ms and the RSS (current and peak).

    python benchmarks/pdf.py [--count 200] [--no-trim]

By default the renderer trims the C heap after each document (app.documents.pdf.trim_memory);
--no-trim shows how RSS grows without it.
"""
import argparse
import io
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader  # noqa: E402

from app import create_app  # noqa: E402
from app.documents import pdf  # noqa: E402
from app.documents.cli import SAMPLE_PARAGRAPH, sample_context  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def render(paragraphs: int, text: str = SAMPLE_PARAGRAPH) -> tuple[float, int]:
    context = {**sample_context(), "paragraphs": [text] * paragraphs}
    start = time.perf_counter()
    data = pdf.render_pdf("documents/pdf/sample.html", **context)
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, len(PdfReader(io.BytesIO(data)).pages)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--no-trim", action="store_true")
    args = parser.parse_args()
    app = create_app({"INSTANCE_DIR": tempfile.mkdtemp(), "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "PDF_TRIM_MEMORY": not args.no_trim})
    with app.test_request_context():
        render(1)  # warm-up: font discovery, template compilation
        for paragraphs, text, label in ((1, SAMPLE_PARAGRAPH[:20], "一页"), (36, SAMPLE_PARAGRAPH, "十页")):
            times, pages = [], 0
            for _ in range(5):
                elapsed, pages = render(paragraphs, text)
                times.append(elapsed)
            print(f"{label}公文（{pages} 页）: 中位数 {statistics.median(times):.0f} ms（5 次）")

        times, samples = [], []
        for i in range(args.count):
            elapsed, _ = render(3)
            times.append(elapsed)
            if i % 50 == 0 or i == args.count - 1:
                samples.append(f"{i + 1}:{rss_mb():.0f}")
        print(f"同一进程连续渲染 {args.count} 份（2 页）: 中位数 {statistics.median(times):.0f} ms，"
              f"p95 {sorted(times)[int(len(times) * 0.95) - 1]:.0f} ms")
        print(f"RSS（份数:MB）{' '.join(samples)}；峰值 {peak_rss_mb():.0f} MB；"
              f"内存回收 {'关' if args.no_trim else '开'}")


if __name__ == "__main__":
    main()
