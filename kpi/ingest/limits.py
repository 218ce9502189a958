"""Limits that protect ingest from hostile or broken files, in one place.

Every limit is far above what a real export of one agency needs (a quarter of a large province
is about 1M dossiers: a few hundred MB of CSV, lines under 2 KB), and far below what would
exhaust the memory of an office PC (8 GB) or hang the loader. A file over a limit is refused
with an :class:`~kpi.errors.ExtractError` naming the file; nothing of the extract is returned.
"""

from __future__ import annotations

MIB = 1024 * 1024

# manifest.yaml holds four short keys. 64 KiB leaves room for comments; more is not a manifest
# (and a huge YAML document is where "billion laughs" alias bombs hide).
MAX_MANIFEST_BYTES = 64 * 1024

# One physical CSV line. Real lines are under 2 KB; a multi-megabyte line is a broken export
# (missing line ends, a binary file named .csv) that would make the parser hold it whole.
# 1 MiB also bounds every field of the line.
MAX_CSV_LINE_BYTES = 1 * MIB

# Sum of the uncompressed sizes that the zip directory of an .xlsx declares. Excel's own
# sheet limit (1,048,576 rows) gives worksheets of about 100-150 MB of XML for our columns;
# 200 MiB refuses "zip bombs" (a few KB that inflate to gigabytes) before openpyxl opens them.
# Python's zipfile never inflates a member beyond its declared size, so the declared sizes
# are a sufficient bound.
MAX_XLSX_UNCOMPRESSED_BYTES = 200 * MIB

# Members of an .xlsx archive. A workbook has a few dozen (sheets, styles, relations); many
# thousands are a crafted archive whose directory alone would take long to walk.
MAX_XLSX_MEMBERS = 10_000
