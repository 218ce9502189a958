"""Seconds of each step of ``kpi766 audit`` on one extract: a benchmark that prints figures.

In-process steps (always): imports of the runner (nbformat, papermill, nbconvert), load and
score (:func:`kpi.extracts.audit_period`), then :func:`kpi.report.export.write_outputs` into a
scratch folder, split into its steps by wrapping the functions it calls (the same in the code
before and after issue 17: evidence rows, Parquet, CSV, the follow-up list, the workbook; each
step's own time, nested steps left out), the rest being the tables and JSON.

``--notebook``: also the whole run (:func:`kpi.archive.runner.run_audit`), its steps timed by
wrapping the runner's functions: notebook execution (papermill; the kernel itself loads,
scores and writes the outputs again), normalisation, HTML export, comparison period, manifest.

Compare two versions in one run, alternately, on a machine whose speed drifts::

    git worktree add --detach /work/base17 HEAD~1
    for i in 1 2 3; do
      PYTHONPATH=/work/base17 .venv/bin/python benchmarks/audit_steps.py --data DIR --period P
      .venv/bin/python benchmarks/audit_steps.py --data DIR --period P
    done

Measured 2026-12-02 on the shared 2-core machine (other benchmarks running), 1.07M dossiers of
2024-Q1 (``kpi766 synth --dossiers 1000000 --months 2024-01..2024-03 --format parquet
--layout single``; 3.83M failing records), three alternating pairs, code before issue 17
(f6478f1) → after, seconds:

=============================  ==================  ==================
step                           before              after
=============================  ==================  ==================
import runner (+ nbconvert)    3.9 / 4.4 / 5.4     2.1 / 2.2 / 2.6
evidence rows                  1.5 / 1.5 / 1.0     1.1 / 0.8 / 0.8
Parquet (evidence, issues)     6.0 / 5.5 / 3.5     6.6 / 3.6 / 5.7
CSV (evidence.csv)             5.3 / 4.4 / 3.2     0.5 / 0.3 / 0.4
follow-up list (sheet)         33.0 / 33.7 / 28.5  0.3 / 0.2 / 0.2
workbook                       14.2 / 13.2 / 8.9   3.1 / 1.9 / 2.1
rest (tables, JSON)            5.9 / 5.7 / 3.5     4.3 / 2.5 / 3.6
write_outputs, all             65.8 / 64.2 / 48.5  15.9 / 9.2 / 12.7
=============================  ==================  ==================

evidence.csv 78 MB → 4 MB (200,000 → 10,000 rows), scorecard.xlsx 2.7 MB → 0.6 MB (follow-up
sheet 50,000 → 10,000 rows). ``--notebook`` on the June sample: run_audit 15-22 s either way
(notebook execution 11-16 s, HTML export 3-5 s). At 1M the notebook itself does not finish in
minutes: its cell ``display(*present.follow_up_sections(...))`` renders all 3.83M failing
records (2.3 GB of notebook after 12 min, killed).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _timed(
    timings: dict[str, float], name: str, function: Callable[..., Any]
) -> Callable[..., Any]:
    """``function`` adding its own seconds to ``timings[name]``, less those of the timed calls
    it makes (exclusive time, so that nested steps are not counted twice)."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _STACK.append(0.0)
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - start
            inner = _STACK.pop()
            timings[name] = timings.get(name, 0.0) + elapsed - inner
            if _STACK:
                _STACK[-1] += elapsed

    return wrapper


_STACK: list[float] = []


def _wrap_outputs(timings: dict[str, float]) -> None:
    """Time the pieces of ``write_outputs`` in either version of the code, by wrapping the
    functions it calls: evidence rows, Parquet, CSV, the follow-up list, the workbook."""
    import pandas as pd

    from kpi import evidence
    from kpi.report import export

    pairs: list[tuple[Any, str, str]] = [
        (pd.DataFrame, "to_parquet", "Parquet (evidence, issues)"),
        (pd.DataFrame, "to_csv", "CSV"),
        (export, "_readable", "CSV"),
        (export, "neutralise_frame", "CSV"),
        (evidence, "follow_up_records", "follow-up list (sheet)"),
        (export, "write_workbook", "workbook"),
    ]
    # Since stop 22 evidence rows are built on two threads (the Parquet files on a writer
    # thread): this exclusive timing is single-threaded, so they fall in "rest" there.
    if not hasattr(export, "_write_evidence_files"):
        pairs.append((evidence, "evidence", "evidence rows"))
    if hasattr(export, "follow_up_head"):
        pairs.append((export, "follow_up_head", "follow-up list (sheet)"))
    for owner, attribute, name in pairs:
        setattr(owner, attribute, _timed(timings, name, getattr(owner, attribute)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="extract folder")
    parser.add_argument("--period", required=True)
    parser.add_argument("--notebook", action="store_true", help="also time the papermill run")
    args = parser.parse_args()
    timings: dict[str, float] = {}

    start = time.perf_counter()
    import kpi.archive.runner as runner  # nbformat, papermill, nbconvert, jsonschema
    from kpi.extracts import audit_period
    from kpi.report import export

    timings["import runner"] = time.perf_counter() - start
    start = time.perf_counter()
    audit = audit_period(args.period, [Path(args.data)])
    timings["load+score"] = time.perf_counter() - start

    steps: dict[str, float] = {}
    _wrap_outputs(steps)
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        export.write_outputs(audit, scratch)
        total = time.perf_counter() - start
        timings.update({f"outputs: {name}": seconds for name, seconds in steps.items()})
        # Since b4cadbf the evidence Parquet is encoded on a writer thread (export.write_evidence)
        # while rows are built: what is not overlapped falls in "rest".
        rest = "rest (tables, JSON, Parquet wait)" if hasattr(export, "write_evidence") else "rest"
        timings[f"outputs: {rest}"] = total - sum(steps.values())
        timings["outputs (all)"] = total
        sizes = {
            path.name: path.stat().st_size for path in Path(scratch).iterdir() if path.is_file()
        }
    del audit

    if args.notebook:
        for name, attribute in (
            ("notebook execution", "execute"),
            ("normalise", "normalise"),
            ("HTML export", "_export_html"),
            ("comparison period", "_write_comparison"),
            ("manifest", "write_manifest"),
        ):
            setattr(runner, attribute, _timed(timings, name, getattr(runner, attribute)))
        parameters = runner.validate_parameters({"period": args.period, "data_dirs": [args.data]})
        with tempfile.TemporaryDirectory() as scratch:
            start = time.perf_counter()
            runner.run_audit(parameters, out_root=Path(scratch), progress=False)
            timings["run_audit (all)"] = time.perf_counter() - start

    code = sys.modules["kpi"].__file__
    print(f"kpi from {Path(code or '').parent.parent}")
    for name, seconds in timings.items():
        print(f"{name:28s} {seconds:7.2f} s")
    for name, size in sorted(sizes.items()):
        print(f"{name:28s} {size / 1e6:7.1f} MB")


if __name__ == "__main__":
    main()
