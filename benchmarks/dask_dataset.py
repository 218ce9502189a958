"""Time :func:`kpi.distributed.score_dataset` on a generated dataset, with peak worker memory.

Not a test: nothing here runs in CI. Generates (once, under ``benchmarks/data/``) a one-quarter
dataset with ``kpi766 synth --partitioned``, starts a LocalCluster of process workers, scores
the quarter ``--runs`` times and prints the wall time of each run, the chunks, and each
worker's peak resident memory (its ``ru_maxrss``: the whole life of the worker process).

    python benchmarks/dask_dataset.py                         # 1M dossiers, 2 workers × 2 GiB
    python benchmarks/dask_dataset.py --dossiers 10000000 --runs 1 --memory-limit 2GiB
    python benchmarks/dask_dataset.py --in-memory             # also load_extract + score_period
    python benchmarks/dask_dataset.py --row-group-size 1000000 --partition-size 50000

Measured on this project's machine (2 cores shared with other jobs, load average 5-9; 2
workers × 2 GiB, partition 100,000), 2026-12-02, one quarter: 1.09M dossiers 9.6-16 s (the
in-memory load + score of the same data 3.5 s), peak worker RSS 0.39-0.49 GiB; 10.9M 223 s,
1.34-1.36 GiB; 32.7M 531 s, 1.44 GiB. Files of one 360,000-row row group per month (1.09M)
read 50,000 records at a time: 0.34-0.39 GiB; 200,000 at a time: 0.44-0.46 GiB.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
KPI766 = str(Path(sys.executable).parent / "kpi766")
MONTHS, PERIOD = "2024-04..2024-06", "2024-Q2"


def dataset(dossiers: int, row_group_size: int) -> Path:
    """The dataset folder of ``dossiers`` records in row groups of ``row_group_size``
    (generated when missing)."""
    out = DATA / f"dask-{dossiers}-{row_group_size}"
    folder = out / PERIOD
    if not (folder / "manifest.yaml").is_file():
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run(
            [
                KPI766,
                "synth",
                "--partitioned",
                "--months",
                MONTHS,
                "--dossiers",
                str(dossiers),
                "--partition-size",
                str(row_group_size),
                "--out",
                str(out),
            ],
            check=True,
        )
    return folder


def _peak_rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB on Linux


def _in_memory(folder: Path) -> float:
    """Seconds to load the same data in memory and score it (dossiers as one file)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from kpi.calendar import default_calendar
    from kpi.ingest import load_extract
    from kpi.params import load_rules, load_units
    from kpi.scorecard import score_period

    twin = folder.parent / "in-memory"
    if not (twin / "dossiers.parquet").is_file():
        twin.mkdir(exist_ok=True)
        for path in folder.iterdir():
            if path.is_file():
                shutil.copy(path, twin / path.name)
        parts = sorted((folder / "dossiers").rglob("*.parquet"))
        tables = [pq.ParquetFile(path).read() for path in parts]
        pq.write_table(pa.concat_tables(tables), twin / "dossiers.parquet", compression="zstd")
    start = time.perf_counter()
    extract = load_extract(twin, presence_only=True)
    score_period(
        extract.tables,
        PERIOD,
        export_time=extract.export_time,
        rules=load_rules(),
        units=load_units(),
        calendar=default_calendar(),
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--partition-size", type=int, default=100_000)
    parser.add_argument(
        "--row-group-size",
        type=int,
        default=None,
        help="rows per row group of the files (default: --partition-size); "
        "e.g. 1000000 to check that memory follows --partition-size",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-limit", default="2GiB")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--in-memory", action="store_true")
    args = parser.parse_args()

    from kpi.distributed import dask_client, score_dataset

    folder = dataset(args.dossiers, args.row_group_size or args.partition_size)
    started = time.perf_counter()
    with dask_client(None, workers=args.workers, memory_limit=args.memory_limit) as client:
        print(
            f"LocalCluster {args.workers} × {args.memory_limit}: "
            f"{time.perf_counter() - started:.1f} s"
        )
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            result = score_dataset(
                folder, PERIOD, scheduler=client, partition_size=args.partition_size
            )
            times.append(time.perf_counter() - start)
        peaks = client.run(_peak_rss_gib)
    totals = result.extract.table_totals()["dossiers"]
    print(f"{folder}: {totals['rows_read']:,} hồ sơ, {result.chunks} phần")
    print(
        "score_dataset: "
        + ", ".join(f"{t:.2f} s" for t in times)
        + f" (trung vị {statistics.median(times):.2f} s)"
    )
    for worker, peak in sorted(peaks.items()):
        print(f"  {worker}: RSS đỉnh {peak:.2f} GiB")
    if args.in_memory:
        print(
            f"trong bộ nhớ (load_extract + score_period): {_in_memory(folder):.2f} s, "
            f"RSS đỉnh của tiến trình này {_peak_rss_gib():.2f} GiB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
