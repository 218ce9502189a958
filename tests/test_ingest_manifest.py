"""The manifest is read like the data: export time day first, keys as users spell them
(params/mapping.yaml), and a missing manifest is not fatal when --export-time is given."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kpi import cli
from kpi.errors import ExtractError
from kpi.ingest import load_extract
from tests.ingest_helpers import write_extract


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        (
            'source_system: A\nexport_time: "05/07/2024 07:00"\nperiod: "2024-06"\n',
            "2024-07-05 07:00",
        ),
        ("source_system: A\nexport_time: 05/07/2024\nperiod: 2024-06\n", "2024-07-05 00:00"),
        (
            "source_system: A\nexport_time: 2024-07-05T07:00:00+07:00\nperiod: 2024-06\n",
            "2024-07-05 07:00",
        ),
        (
            "source_system: A\nexport_time: 2024-07-05 07:00:00\nperiod: 2024-06\n",
            "2024-07-05 07:00",
        ),
        # key spellings of params/mapping.yaml
        ('source: A\nexported_at: "05/07/2024 07:00"\nperiod: "2024-06"\n', "2024-07-05 07:00"),
        (
            'Nguồn dữ liệu: A\nThời điểm trích xuất: "05/07/2024 07:00"\nKỳ báo cáo: "2024-06"\n',
            "2024-07-05 07:00",
        ),
    ],
)
def test_export_time_day_first_and_key_spellings(
    tmp_path: Path, manifest: str, expected: str
) -> None:
    extract = load_extract(write_extract(tmp_path / "x", manifest=manifest))
    assert extract.export_time == pd.Timestamp(expected)
    assert extract.period == "2024-06"
    assert extract.sources[0].source_system == "A"


def test_export_time_that_is_no_date_names_the_value(tmp_path: Path) -> None:
    manifest = 'source_system: A\nexport_time: "31/13/2024 07:00"\nperiod: "2024-06"\n'
    with pytest.raises(ExtractError) as error:
        load_extract(write_extract(tmp_path / "x", manifest=manifest))
    assert "khóa 'export_time' không phải ngày giờ ('31/13/2024 07:00')" in str(error.value)


def test_missing_manifest_is_read_with_an_export_time(tmp_path: Path) -> None:
    folder = write_extract(tmp_path / "2024-06")
    (folder / "manifest.yaml").unlink()
    with pytest.raises(ExtractError) as error:
        load_extract(folder)
    assert "Thiếu tệp manifest.yaml" in str(error.value) and "--export-time" in str(error.value)
    extract = load_extract(folder, export_time="05/07/2024 07:00")
    assert extract.export_time == pd.Timestamp("2024-07-05 07:00")
    assert extract.period == "2024-06"
    assert len(extract.tables["dossiers"]) == 3


def test_export_time_argument_replaces_the_manifest(tmp_path: Path, capsys) -> None:
    folder = write_extract(tmp_path / "x")  # manifest: 2024-07-01 08:00
    extract = load_extract(folder, export_time="02/07/2024 09:30")
    assert extract.export_time == pd.Timestamp("2024-07-02 09:30")
    with pytest.raises(ExtractError) as error:
        load_extract(folder, export_time="2024-13-45")
    assert "Thời điểm trích xuất '2024-13-45' không đọc được" in str(error.value)
    (folder / "manifest.yaml").unlink()
    assert cli.main(["check", "--data", str(folder), "--export-time", "05/07/2024 07:00"]) == 0
    assert (
        cli.main(
            [
                "score",
                "--data",
                str(folder),
                "--period",
                "2024-06",
                "--export-time",
                "05/07/2024 07:00",
            ]
        )
        == 0
    )
    assert "tính đến 30/06/2024 23:59" in capsys.readouterr().out
    assert cli.main(["score", "--data", str(folder), "--period", "2024-06"]) == 2
    assert "Thiếu tệp manifest.yaml" in capsys.readouterr().err
