"""The shipped reader format: an fp16 delta over the base encoder, word embeddings left out, restored exactly enough."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file
from transformers import BertConfig, BertModel

from qa.reader.config import DELTA_NAME
from qa.reader.delta import FROZEN_PREFIXES, HEAD_PREFIX, apply_delta, base_fingerprint, load_base_model, save_delta


@pytest.fixture
def base_dir(tmp_path: Path) -> Path:
    """A tiny BERT encoder without a span head, saved as the base is (``model.safetensors`` + config)."""
    torch.manual_seed(0)
    config = BertConfig(vocab_size=40, hidden_size=8, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=16, max_position_embeddings=32)
    BertModel(config).save_pretrained(tmp_path / "base")
    return tmp_path / "base"


def _trained(base_dir: Path) -> torch.nn.Module:
    """The base with a span head and every trainable tensor moved a little, as fine-tuning does."""
    torch.manual_seed(1)
    model = load_base_model(base_dir)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if not name.startswith(FROZEN_PREFIXES):
                parameter.add_(0.01 * torch.randn_like(parameter))
    return model


def test_the_delta_restores_the_trained_reader(base_dir: Path, tmp_path: Path) -> None:
    trained = _trained(base_dir)
    save_delta(trained, base_dir, tmp_path)
    restored = apply_delta(load_base_model(base_dir), tmp_path)  # a fresh, differently initialised span head
    expected = trained.state_dict()
    for name, tensor in restored.state_dict().items():
        assert torch.allclose(tensor, expected[name], atol=1e-3), name


def test_the_delta_leaves_out_the_word_embeddings_and_stores_the_head_as_is(base_dir: Path, tmp_path: Path) -> None:
    trained = _trained(base_dir)
    delta = load_file(str(save_delta(trained, base_dir, tmp_path)))
    assert Path(tmp_path / DELTA_NAME).is_file()
    assert not any(name.startswith(FROZEN_PREFIXES) for name in delta)
    assert {name for name in delta if name.startswith(HEAD_PREFIX)} == {"qa_outputs.weight", "qa_outputs.bias"}
    assert all(tensor.dtype == torch.float16 for tensor in delta.values())
    head = trained.state_dict()["qa_outputs.weight"]
    assert torch.allclose(delta["qa_outputs.weight"].float(), head, atol=1e-3)
    layer = "bert.encoder.layer.0.output.dense.weight"
    base = load_base_model(base_dir).state_dict()[layer]
    assert torch.allclose(delta[layer].float(), trained.state_dict()[layer] - base, atol=1e-4)


def test_the_fingerprint_names_the_base_weights(base_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    torch.manual_seed(2)
    BertModel(BertConfig.from_pretrained(base_dir)).save_pretrained(other)
    assert base_fingerprint(base_dir) == base_fingerprint(base_dir) != base_fingerprint(other)
    assert len(base_fingerprint(base_dir)) == 16
