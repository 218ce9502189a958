"""Match the header row of a file to canonical column names."""

from __future__ import annotations

from dataclasses import dataclass, field

from kpi.ingest.mapping import match_key


@dataclass
class HeaderMatch:
    """How the headers of one file map to canonical columns.

    Attributes
    ----------
    columns
        Position of the source column → canonical name (first match of each canonical name).
    unknown
        Source headers that match no canonical column (ignored, listed as findings).
    repeated
        ``(header, canonical)`` of later headers that mean a canonical column already matched.
    """

    columns: dict[int, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    repeated: list[tuple[str, str]] = field(default_factory=list)

    @property
    def canonical(self) -> set[str]:
        """The canonical columns found."""
        return set(self.columns.values())


def match_headers(headers: list[object], lookup: dict[str, str]) -> HeaderMatch:
    """Map ``headers`` through ``lookup`` (match key → canonical name).

    Blank headers are skipped silently (Excel often has trailing empty columns).

    Examples
    --------
    >>> match = match_headers(["Mã hồ sơ", "Ghi chú", "MaHoSo"], {"mahoso": "dossier_id"})
    >>> match.columns, match.unknown, match.repeated
    ({0: 'dossier_id'}, ['Ghi chú'], [('MaHoSo', 'dossier_id')])
    """
    match = HeaderMatch()
    for position, header in enumerate(headers):
        if header is None or str(header).strip() == "":
            continue
        name = lookup.get(match_key(header))
        if name is None:
            match.unknown.append(str(header).strip())
        elif name in match.canonical:
            match.repeated.append((str(header).strip(), name))
        else:
            match.columns[position] = name
    return match
