"""The partitioned layout of ``kpi766 synth --partitioned``: an extract folder as a dataset.

::

    <out>/<span>/manifest.yaml                                  (same keys as a monthly extract)
    <out>/<span>/procedures.parquet, announcements.parquet, feedback.parquet,
                 national_counts.parquet
    <out>/<span>/dossiers/month=YYYY-MM/part-0.parquet          (hive-style, month of receipt)

The dossiers are one snapshot at the end of the span, as in ``--layout single``, split by the
month they were received in (submitted, for a dossier never received); each file is written in
row groups of at most ``partition_size`` rows, the unit of work of
:func:`kpi.distributed.score_dataset`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from kpi.synth.extract import ParquetAppender, to_arrow

DOSSIERS_DIR = "dossiers"
PART_NAME = "part-0.parquet"
DEFAULT_PARTITION_SIZE = 100_000


class RowGroupAppender(ParquetAppender):
    """:class:`~kpi.synth.extract.ParquetAppender` whose row groups hold at most
    ``row_group_size`` rows (an append of more rows writes several)."""

    def __init__(self, path: Path, table: str, row_group_size: int) -> None:
        super().__init__(path, table)
        self.row_group_size = row_group_size

    def append(self, frame: pd.DataFrame) -> None:
        """Write ``frame`` as row groups of at most ``row_group_size`` rows."""
        self.writer.write_table(to_arrow(frame, self.table), row_group_size=self.row_group_size)


def part_path(folder: Path, month: str) -> Path:
    """``folder/dossiers/month=YYYY-MM/part-0.parquet``."""
    return folder / DOSSIERS_DIR / f"month={month}" / PART_NAME


def receipt_months(received: np.ndarray, submitted: np.ndarray) -> np.ndarray:
    """``YYYY-MM`` of each dossier's receipt (of its submission when it has none).

    Examples
    --------
    >>> r = np.array(["2024-05-31T10:00", "NaT"], dtype="datetime64[s]")
    >>> s = np.array(["2024-05-31T09:00", "2024-06-01T08:00"], dtype="datetime64[s]")
    >>> receipt_months(r, s).tolist()
    ['2024-05', '2024-06']
    """
    when = np.where(np.isnat(received), submitted, received)
    return np.datetime_as_string(when.astype("datetime64[M]"), unit="M")


class PartitionedDossiers:
    """Append canonical dossier frames to one Parquet file per month of receipt.

    A month's file is opened the first time a row of that month comes and closed by
    :meth:`close`; each append writes row groups of at most ``partition_size`` rows.
    """

    def __init__(self, folder: Path, partition_size: int = DEFAULT_PARTITION_SIZE) -> None:
        self.folder, self.partition_size = folder, partition_size
        self.writers: dict[str, RowGroupAppender] = {}
        self.rows: dict[str, int] = {}

    def append(self, frame: pd.DataFrame, months: np.ndarray) -> None:
        """Write the rows of ``frame``, ``months[i]`` being the ``YYYY-MM`` of row ``i``."""
        labels, codes = np.unique(months, return_inverse=True)
        for position, month in enumerate(labels.tolist()):  # one write per month present
            rows = frame.iloc[np.flatnonzero(codes == position)]
            writer = self.writers.get(month)
            if writer is None:
                path = part_path(self.folder, month)
                writer = RowGroupAppender(path, "dossiers", self.partition_size)
                self.writers[month] = writer
            writer.append(rows)
            self.rows[month] = self.rows.get(month, 0) + len(rows)

    def close(self) -> None:
        """Finish every file."""
        for writer in self.writers.values():
            writer.close()
