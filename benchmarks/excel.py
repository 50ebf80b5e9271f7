"""Peak Python memory of a 150,000-row Excel export (issue 15 §11), beside two baselines
measured in the same run.

Run: python benchmarks/excel.py [rows]      (default 150000; a few minutes of CPU at most)

- streamed: core.excel.write() in write_only mode to a temporary file, the rows coming from a
  generator, as every export of the app does (excel.export streams the file to the client);
- baseline "rows held": the same rows only built as a list in memory (what an export that
  calls .all() would hold before writing a single cell);
- baseline "normal workbook": openpyxl's default (not write_only) mode, at a tenth of the rows,
  every cell an object until save().
Peak memory by tracemalloc (Python allocations), time by perf_counter."""
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402

from app.core import excel  # noqa: E402

COLUMNS = [excel.Column("编号", lambda r: r[0], 10), excel.Column("申请人", lambda r: r[1], 20),
           excel.Column("统一社会信用代码", lambda r: r[2], 22), excel.Column("事项", lambda r: r[3], 30),
           excel.Column("受理日期", lambda r: r[4], 14), excel.Column("状态", lambda r: r[5], 10),
           excel.Column("备注", lambda r: r[6], 30)]


def rows(n: int):
    start = date(2026, 1, 1)
    for i in range(n):
        yield (i, f"天津市某某科技有限公司{i}", f"91120000MA{i:08d}", "食品经营许可（新办）",
               start + timedelta(days=i % 300), "已办结", "=HYPERLINK(\"x\")" if i % 1000 == 0 else "")


def measure(label: str, work) -> tuple[float, float]:
    tracemalloc.start()
    began = time.perf_counter()
    work()
    seconds = time.perf_counter() - began
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<48} peak {peak / 2**20:8.1f} MiB   {seconds:7.1f} s")
    return peak, seconds


def streamed(n: int) -> None:
    with tempfile.TemporaryFile() as file:
        excel.write(file, excel.Sheet("导出", COLUMNS, rows(n), caption="基准"))
        size = file.tell()
    print(f"  ({n} rows, {size / 2**20:.1f} MiB .xlsx)")


def rows_held(n: int) -> None:
    held = list(rows(n))
    assert len(held) == n


def normal_workbook(n: int) -> None:
    book = Workbook()
    sheet = book.active
    for row in rows(n):
        sheet.append([excel.cell_value(v) for v in row])
    with tempfile.TemporaryFile() as file:
        book.save(file)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 150_000
    print(f"Excel export of {n} rows × {len(COLUMNS)} columns")
    peak, _ = measure(f"streamed (write_only, {n} rows)", lambda: streamed(n))
    held, _ = measure(f"baseline: rows held in a list ({n} rows)", lambda: rows_held(n))
    normal, _ = measure(f"baseline: normal workbook ({n // 10} rows)", lambda: normal_workbook(n // 10))
    print(f"streamed peak is {peak / held:.2f}× the list of rows alone and "
          f"{peak / normal:.2f}× a normal workbook of a tenth of the rows")


if __name__ == "__main__":
    main()
