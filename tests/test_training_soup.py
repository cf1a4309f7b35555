"""Averaging readers (weight soup): the mean of deltas, and refusals of readers that do not belong together."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file, save_file

from qa.reader.config import DELTA_NAME, ReaderConfig
from qa.training.soup import average_readers


def _reader(directory: Path, value: float, fingerprint: str = "abc",
            names: tuple[str, ...] = ("layer", "qa_outputs.weight")) -> Path:
    directory.mkdir()
    save_file({name: torch.full((2, 3), value, dtype=torch.float16) for name in names}, str(directory / DELTA_NAME))
    ReaderConfig(base_fingerprint=fingerprint, temperature=1.5, threshold=0.2).save(directory)
    (directory / "training.json").write_text(json.dumps({"seed": int(value)}))
    return directory


def test_soup_is_the_weighted_mean_with_both_recipes(tmp_path: Path):
    first, second = _reader(tmp_path / "a", 1.0), _reader(tmp_path / "b", 3.0)
    output = average_readers([first, second], [0.25, 0.75], tmp_path / "soup")
    delta = load_file(str(output / DELTA_NAME))
    assert set(delta) == {"layer", "qa_outputs.weight"}
    assert all(torch.allclose(t.float(), torch.full((2, 3), 2.5)) and t.dtype == torch.float16 for t in delta.values())
    assert ReaderConfig.load(output) == ReaderConfig.load(first)
    recipe = json.loads((output / "training.json").read_text())
    assert [(part["weight"], part["reader"]["seed"]) for part in recipe["soup"]] == [(0.25, 1), (0.75, 3)]


@pytest.mark.parametrize(
    ("second_fingerprint", "second_names", "weights", "message"),
    [
        ("other", ("layer", "qa_outputs.weight"), [0.5, 0.5], "different base"),
        ("abc", ("layer",), [0.5, 0.5], "different tensors"),
        ("abc", ("layer", "qa_outputs.weight"), [0.5, 0.6], "sum to 1"),
    ],
)
def test_readers_that_do_not_mix_are_refused(tmp_path: Path, second_fingerprint, second_names, weights, message):
    first = _reader(tmp_path / "a", 1.0)
    second = _reader(tmp_path / "b", 2.0, second_fingerprint, second_names)
    with pytest.raises(ValueError, match=message):
        average_readers([first, second], weights, tmp_path / "soup")
    assert not (tmp_path / "soup").exists()
