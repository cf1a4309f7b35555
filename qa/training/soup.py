"""Average readers fine-tuned from one starting point into one reader (a weight soup).

``tanya soup-reader OUTPUT READER_A READER_B [--weights 0.5 0.5]`` writes the weighted mean
of the readers' weights into ``OUTPUT``. Deltas share the base, so the mean of deltas is the delta of
the mean. Readers fine-tuned from the same stage-one reader sit in one basin of the loss, and their
mean is often better than each of them; decoding settings are copied from the first reader, so
recalibrate the soup (``tanya calibrate-reader OUTPUT``) before shipping it.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from safetensors.torch import load_file, save_file

from qa.reader.config import DELTA_NAME, RECIPE_NAME, ReaderConfig


def average_readers(sources: Sequence[Path], weights: Sequence[float], output: Path) -> Path:
    """Write the ``weights``-weighted mean of the readers in ``sources`` into ``output``; returns ``output``.

    Raises ValueError when the readers were built on different bases, store different tensors, or
    the weights do not sum to 1.
    """
    if len(sources) != len(weights) or len(sources) < 2:
        raise ValueError("give at least two readers and one weight per reader")
    if abs(sum(weights) - 1.0) > 1e-6:
        raise ValueError(f"weights must sum to 1, not {sum(weights)}")
    configs = [ReaderConfig.load(Path(source)) for source in sources]
    if len({(c.base_encoder, c.base_fingerprint) for c in configs}) != 1:
        raise ValueError("the readers were trained on different base encoders")
    deltas = [load_file(str(Path(source) / DELTA_NAME)) for source in sources]
    recipes = [json.loads((Path(source) / RECIPE_NAME).read_text(encoding="utf-8")) for source in sources]
    if any(delta.keys() != deltas[0].keys() for delta in deltas):
        raise ValueError("the readers store different tensors")
    mean = {name: sum(w * delta[name].float() for w, delta in zip(weights, deltas)).half().contiguous()
            for name in deltas[0]}
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    save_file(mean, str(output / DELTA_NAME))
    configs[0].save(output)
    recipe = {"soup": [{"weight": w, "reader": r} for w, r in zip(weights, recipes)]}
    (output / RECIPE_NAME).write_text(json.dumps(recipe, indent=2) + "\n", encoding="utf-8")
    return output


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    """``tanya soup-reader OUTPUT READER [READER ...] [--weights W ...]`` (default: equal weights)."""
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="directory of the averaged reader")
    parser.add_argument("readers", type=Path, nargs="+", help="reader directories (delta + configs)")
    parser.add_argument("--weights", type=float, nargs="+", default=None, help="one per reader, summing to 1")
    args = parser.parse_args(argv)
    weights = args.weights or [1.0 / len(args.readers)] * len(args.readers)
    print(f"soup written to {average_readers(args.readers, weights, args.output)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
