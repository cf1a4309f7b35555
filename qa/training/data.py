"""Where the reading-comprehension files live (read them with :mod:`qa.qa_records`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from qa.config import ENVIRONMENT

DATA_DIR_VARIABLE = next(variable for variable, name in ENVIRONMENT.items() if name == "data_dir")
"""Environment variable naming the folder of reading-comprehension files when ``--data-dir`` is not given
(read by :class:`qa.config.Settings` into ``data_dir``)."""


def data_folder(text: str) -> Path:
    """``text`` as the path of an existing folder (an ``argparse`` type); refuses anything else clearly."""
    path = Path(text).expanduser()
    if not path.is_dir():
        raise argparse.ArgumentTypeError(
            f"reading-comprehension data folder {path} does not exist (give --data-dir or set ${DATA_DIR_VARIABLE})")
    return path


def add_data_dir_option(parser: argparse.ArgumentParser, default: Path | None) -> None:
    """``--data-dir``: the folder of reading-comprehension files; required unless ``default``
    (``Settings.data_dir``, from ``$TANYA_DATA_DIR``) names it."""
    parser.add_argument("--data-dir", type=data_folder, default=None if default is None else str(default),
                        required=default is None,
                        help=f"folder of the reading-comprehension files (default: ${DATA_DIR_VARIABLE})")
