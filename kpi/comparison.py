"""Find the comparison period of an audit and its extract folders (one lookup for all).

The audit notebook scores the comparison period (:func:`kpi.report.notebook.open_audit`) and the
runner hashes its files in the manifest and copies them into the archive
(:mod:`kpi.archive.runner`): both call :func:`comparison_folders`, so that the files the report
compares with are the files the manifest records.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kpi import paths
from kpi.errors import ExtractError
from kpi.extracts import sample_folders
from kpi.periods import previous_period


def comparison_folders(
    period: str, data_dirs: Sequence[str | Path] = (), compare_period: str = "auto"
) -> tuple[str, list[Path]] | None:
    """The comparison period's label and its month folders, or None when there is none.

    Parameters
    ----------
    period : str
        The audit period.
    data_dirs : list of path
        The audit's extract folders; empty = the bundled sample.
    compare_period : str
        ``"auto"`` = the previous period of the same kind when its month folders exist,
        ``""`` = none, or a period label. Its folders ``YYYY-MM`` are looked for beside the
        first of ``data_dirs`` (in the sample when ``data_dirs`` is empty).

    Raises
    ------
    ExtractError
        An explicit ``compare_period`` without any month folder (Vietnamese message).

    Examples
    --------
    >>> label, folders = comparison_folders("2024-06")
    >>> label, [folder.name for folder in folders]
    ('2024-05', ['2024-05'])
    >>> comparison_folders("2024-06", compare_period="") is None
    True
    """
    if not compare_period:
        return None
    label = previous_period(period).label if compare_period == "auto" else compare_period
    root = Path(data_dirs[0]).parent if data_dirs else paths.SAMPLE_DIR
    try:
        return label, sample_folders(label, root)
    except ExtractError:
        if compare_period != "auto":
            raise
        return None
