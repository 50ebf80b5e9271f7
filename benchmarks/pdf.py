"""PDF rendering figures (DOC-1): 200 documents in one process with the median ms and the RSS
(sampled, and the series' peak), then ms per one-page and ten-page official document (a long
document raises the process peak: the RQ worker renders each job in a forked work horse, so that
memory goes back to the system when the job ends).

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


def render(paragraphs: int, text: str = SAMPLE_PARAGRAPH) -> tuple[float, float, int]:
    """(wall ms, CPU ms, pages). CPU time is the fairer figure on a busy shared machine."""
    context = {**sample_context(), "paragraphs": [text] * paragraphs}
    start, cpu = time.perf_counter(), time.process_time()
    data = pdf.render_pdf("documents/pdf/sample.html", **context)
    wall, cpu = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
    return wall, cpu, len(PdfReader(io.BytesIO(data)).pages)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--no-trim", action="store_true")
    args = parser.parse_args()
    app = create_app({"INSTANCE_DIR": tempfile.mkdtemp(), "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "PDF_TRIM_MEMORY": not args.no_trim})
    with app.test_request_context():
        render(1)  # warm-up: font discovery, template compilation
        # The 200-document series first, so its peak RSS is its own (ru_maxrss is per process).
        walls, cpus, samples = [], [], []
        for i in range(args.count):
            wall, cpu, _ = render(3)
            walls.append(wall)
            cpus.append(cpu)
            if i % 50 == 0 or i == args.count - 1:
                samples.append(f"{i + 1}:{rss_mb():.0f}")
        print(f"同一进程连续渲染 {args.count} 份（2 页）: 中位数 {statistics.median(walls):.0f} ms，"
              f"p95 {sorted(walls)[int(len(walls) * 0.95) - 1]:.0f} ms，CPU 中位数 {statistics.median(cpus):.0f} ms")
        print(f"RSS（份数:MB）{' '.join(samples)}；峰值 {peak_rss_mb():.0f} MB；"
              f"内存回收 {'关' if args.no_trim else '开'}")

        for paragraphs, text, label in ((1, SAMPLE_PARAGRAPH[:20], "一页"), (36, SAMPLE_PARAGRAPH, "十页")):
            walls, cpus, pages = [], [], 0
            for _ in range(5):
                wall, cpu, pages = render(paragraphs, text)
                walls.append(wall)
                cpus.append(cpu)
            print(f"{label}公文（{pages} 页）: 中位数 {statistics.median(walls):.0f} ms，"
                  f"CPU {statistics.median(cpus):.0f} ms（5 次）；此后进程峰值 RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
