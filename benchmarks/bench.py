"""Speed and memory of kpi766 on generated extracts (``make bench``); prints a table.

Not a test: nothing here is timed in CI. Each stage runs in its own process so that its peak
resident memory (RSS) is its own; times are the median of ``--runs`` runs (wall clock).

    python benchmarks/bench.py                 # 0.1M and 1M dossiers, one quarter
    python benchmarks/bench.py --sizes 10000000 --runs 1
    python benchmarks/bench.py --audit         # also the full papermill audit (slow)
    python benchmarks/bench.py --pause 15      # rest before each measurement (see README)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
PYTHON = sys.executable
KPI766 = str(Path(PYTHON).parent / "kpi766")

COMPUTE, WIDGET = "tính 21 chỉ số (đơn vị và Sở)", "kịch bản giả định (widget)"
SCORE_COMMAND, AUDIT_COMMAND = "kpi766 score (cả lệnh)", "kpi766 audit (papermill, HTML, Excel)"

# The scoring parameters, read at the edge as every caller of the core does.
PARAMETERS = (
    "from kpi.params import load_rules, load_units; from kpi.calendar import "
    "default_calendar; P=dict(rules=load_rules(), units=load_units(), "
    "calendar=default_calendar()); "
)
# Each stage: Python code run in a fresh process; it prints the seconds of the measured part.
STAGES = {
    "nạp dữ liệu (như kpi766 score)": "from kpi.ingest import load_extract; import time; "
    "t=time.perf_counter(); load_extract([{folder!r}], presence_only=True); "
    "print(time.perf_counter()-t)",
    "nạp dữ liệu đủ văn bản (như audit)": "from kpi.ingest import load_extract; import time; "
    "t=time.perf_counter(); load_extract([{folder!r}]); print(time.perf_counter()-t)",
    COMPUTE: PARAMETERS + "from kpi.ingest import load_extract; from kpi.scorecard import "
    "score_period; import time; x=load_extract([{folder!r}], presence_only=True); "
    "t=time.perf_counter(); score_period(x.tables, {period!r}, export_time=x.export_time, **P); "
    "print(time.perf_counter()-t)",
    "bằng chứng của 21 chỉ số": PARAMETERS
    + "from kpi.ingest import load_extract; from kpi.scorecard import "
    "score_period; from kpi.evidence import evidence; import time; x=load_extract([{folder!r}]); "
    "s=score_period(x.tables, {period!r}, export_time=x.export_time, **P); t=time.perf_counter(); "
    "[evidence(s, c) for c in s.judgements]; print(time.perf_counter()-t)",
    # explore.ipynb's widgets: moving a slider reruns the callback (scenario, table, display).
    WIDGET: "from kpi.extracts import audit_period; from kpi.report.widgets import "
    "explorer; import time; a=audit_period({period!r}, [{folder!r}], presence_only=True); "
    "box=explorer(a); c=[w for row in box.children[0].children for w in row.children]; "
    "t=time.perf_counter(); c[6].value=100; c[3].value=0.8; print((time.perf_counter()-t)/2)",
}


def _measure(command: list[str], pause: float = 0.0) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in GiB, and stdout of a child process, started after ``pause``
    seconds of rest."""
    time.sleep(pause)
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
    output = child.stdout.read().decode() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"lệnh thất bại: {' '.join(command)}")
    return wall, usage.ru_maxrss / 1024**2, output


def ensure_extract(size: int) -> Path:
    """A one-quarter Parquet extract of ``size`` dossiers (generated once, then reused)."""
    folder = DATA / f"q1-{size}" / "2024-Q1"
    if not (folder / "manifest.yaml").exists():
        print(f"Sinh dữ liệu {size:,} hồ sơ…", file=sys.stderr)
        subprocess.run(
            [
                KPI766,
                "synth",
                "--out",
                str(folder.parent),
                "--months",
                "2024-01..2024-03",
                "--dossiers",
                str(size),
                "--format",
                "parquet",
                "--layout",
                "single",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return folder


def bench(
    size: int, runs: int, audit: bool, pause: float = 0.0
) -> list[tuple[str, int, float, float]]:
    """Rows (stage, size, median seconds, peak GiB) for one extract size."""
    folder = ensure_extract(size)
    rows = []
    for stage, code in STAGES.items():
        measured = [
            _measure([PYTHON, "-c", code.format(folder=str(folder), period="2024-Q1")], pause)
            for _ in range(runs)
        ]
        seconds = statistics.median(
            float(output.strip().splitlines()[-1]) for *_, output in measured
        )
        rows.append((stage, size, seconds, max(rss for _, rss, _ in measured)))
    command = [KPI766, "score", "--data", str(folder), "--period", "2024-Q1", "--format", "json"]
    measured = [_measure(command, pause) for _ in range(runs)]
    rows.append(
        (
            SCORE_COMMAND,
            size,
            statistics.median(wall for wall, _, _ in measured),
            max(rss for _, rss, _ in measured),
        )
    )
    if audit:
        with_out = [KPI766, "audit", "--period", "2024-Q1", "--data", str(folder), "--compare",
                    "", "--out", str(DATA / "runs")]  # fmt: skip
        wall, rss, _ = _measure(with_out, pause)
        rows.append((AUDIT_COMMAND, size, wall, rss))
    return rows


# Targets of issue #8 on this 2-core machine: (stage, dossiers) -> (max seconds, max GiB or None).
TARGETS = {
    (COMPUTE, 1_000_000): (1.0, None),
    (WIDGET, 1_000_000): (1.0, None),
    (SCORE_COMMAND, 1_000_000): (2.0, None),
    (SCORE_COMMAND, 10_000_000): (15.0, 8.0),
    (AUDIT_COMMAND, 1_000_000): (90.0, None),
}


def verdict(stage: str, size: int, seconds: float, rss: float) -> str:
    """The target of a figure and whether it is met ('' when the figure has no target)."""
    target = TARGETS.get((stage, size))
    if target is None:
        return ""
    limit, memory = target
    met = seconds <= limit and (memory is None or rss < memory)
    wanted = f"≤ {limit:g} s" + (f", < {memory:g} GiB" if memory is not None else "")
    return f"{wanted}: {'đạt' if met else 'KHÔNG ĐẠT'}"


def machine_speed(pause: float = 0.0, repeats: int = 5) -> float:
    """Median seconds of a fixed pure-Python loop (5M additions), in a fresh process each time.

    This machine's speed changes by up to 2x over minutes (other tenants of its host); printed
    before and after the stages, it tells which speed the figures were measured at (about
    0.5 s when the machine runs at full speed).
    """
    loop = (
        "import time; t=time.perf_counter(); s=0\nfor i in range(5_000_000): s+=i\n"
        "print(time.perf_counter()-t)"
    )
    return statistics.median(
        float(_measure([PYTHON, "-c", loop], pause)[2].strip()) for _ in range(repeats)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Đo tốc độ và bộ nhớ của kpi766.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--audit", action="store_true", help="đo cả lệnh kpi766 audit")
    parser.add_argument(
        "--pause",
        type=float,
        default=0.0,
        help="số giây nghỉ trước mỗi lần đo (máy này chậm lại khi chạy liên tục)",
    )
    args = parser.parse_args()
    before = machine_speed(args.pause)
    rows = [row for size in args.sizes for row in bench(size, args.runs, args.audit, args.pause)]
    after = machine_speed(args.pause)
    print(
        f"Tốc độ máy (vòng lặp chuẩn, trung vị; ~0,5 s khi máy chạy đủ tốc độ): "
        f"{before:.2f} s trước khi đo, {after:.2f} s sau khi đo"
    )
    print(
        f"{'giai đoạn':<40} {'số hồ sơ':>12} {'giây (trung vị)':>16} {'RSS đỉnh (GiB)':>15}"
        "  mục tiêu"
    )
    for stage, size, seconds, rss in rows:
        print(
            f"{stage:<40} {size:>12,} {seconds:>16.2f} {rss:>15.2f}  "
            f"{verdict(stage, size, seconds, rss)}".rstrip()
        )


if __name__ == "__main__":
    main()
