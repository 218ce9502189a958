"""``make notebooks``: re-execute the committed notebooks on the sample data, in place.

Their stored outputs are what nbval compares in CI, so they must come from this command, not
from an interactive session. papermill's wall-clock metadata is removed.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import nbformat
import papermill

from kpi import paths

NOTEBOOKS = ("audit.ipynb", "explore.ipynb", "trend.ipynb")


def normalise(path: Path) -> None:
    """Drop papermill's timing metadata and execution counts' gaps from a notebook file."""
    book = nbformat.read(path, as_version=4)
    book.metadata.pop("papermill", None)
    for cell in book.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    nbformat.write(book, path)


def execute(source: Path, target: Path, parameters: dict | None = None,
            progress: bool = False) -> None:  # fmt: skip
    """Run ``source`` with papermill into ``target``, its kernel started in ``notebooks/``.

    The kernel talks to papermill over Unix sockets in a private temporary folder, not over
    TCP on localhost: no port is open to other users of the machine, and ipykernel (≥ 7.3)
    has nothing to warn about on stderr.
    """
    from traitlets.config import Config

    with tempfile.TemporaryDirectory(prefix="kpi766-kernel-") as sockets:
        ipc = Config({"KernelManager": {"transport": "ipc", "ip": str(Path(sockets) / "k")}})
        papermill.execute_notebook(
            source, target, parameters=parameters, kernel_name="python3",
            cwd=str(paths.NOTEBOOKS_DIR), progress_bar=progress, config=ipc,
        )  # fmt: skip


def build(names: tuple[str, ...] = NOTEBOOKS) -> None:
    """Execute each notebook with its default parameters and replace it with the result."""
    for name in names:
        source = paths.NOTEBOOKS_DIR / name
        with tempfile.TemporaryDirectory() as scratch:
            target = Path(scratch) / name
            execute(source, target, progress=sys.stderr.isatty())
            normalise(target)
            source.write_bytes(target.read_bytes())
        print(f"Đã chạy lại {source.relative_to(paths.PROJECT_ROOT)}")


if __name__ == "__main__":
    build(tuple(sys.argv[1:]) or NOTEBOOKS)
