"""The installed ``kpi766`` console script: its fast exit keeps the output and the exit code."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kpi import paths

KPI766 = shutil.which("kpi766", path=str(Path(sys.executable).parent))
pytestmark = pytest.mark.skipif(KPI766 is None, reason="kpi766 console script not installed")


def test_score_output_is_complete_and_exit_code_zero() -> None:
    done = subprocess.run(
        [
            KPI766,
            "score",
            "--data",
            str(paths.SAMPLE_DIR / "2024-06"),
            "--period",
            "2024-06",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)  # the whole document was flushed before the exit
    assert len(document["indicators"]) == 21
    assert len(document["units"]) == 12


def test_error_exit_code_and_message_survive_the_fast_exit(tmp_path: Path) -> None:
    done = subprocess.run(
        [KPI766, "score", "--data", str(tmp_path / "absent"), "--period", "2024-06"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "Lỗi:" in done.stderr and "absent" in done.stderr


def test_a_reader_that_goes_away_is_not_a_traceback() -> None:
    """``kpi766 score --format json | head -c 0``: exit 0, nothing on stderr."""
    process = subprocess.Popen(
        [
            KPI766,
            "score",
            "--data",
            str(paths.SAMPLE_DIR / "2024-06"),
            "--period",
            "2024-06",
            "--format",
            "json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before anything is written (deterministic)
    stderr = process.stderr.read().decode()
    assert process.wait() == 0, stderr
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["score"], "lỗi: thiếu tham số bắt buộc: --period"),
        (["score", "--period", "2024-06", "--profile", "x"], "giá trị 'x' không hợp lệ"),
        (["score", "--period", "2024-06", "--bogus"], "tham số không nhận ra: --bogus"),
        (["nope"], "tham số LỆNH: giá trị 'nope' không hợp lệ"),
    ],
)
def test_argparse_messages_are_vietnamese(argv, expected, capsys) -> None:
    from kpi import cli

    with pytest.raises(SystemExit) as stopped:
        cli.main(argv)
    assert stopped.value.code == 2
    stderr = capsys.readouterr().err
    assert expected in stderr and "cách dùng: kpi766" in stderr
    assert not any(word in stderr for word in ("usage:", "error:", "required", "invalid"))
