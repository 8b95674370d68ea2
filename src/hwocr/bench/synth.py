"""Lines per second per core: synthetic generation on the fly, and reading a built store back.

    python bench/synth_throughput.py                 # generation only, ~12-character lines, 64 px
    python bench/synth_throughput.py --store DIR     # also read DIR back through SynthStoreDataset

Single process, so the numbers are per core. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("NO_ALBUMENTATIONS_UPDATE", "1")

import numpy as np
import yaml

from hwocr.synth.render.char_classes import CharClass, char_class
from hwocr.synth.render.handwriting import HandwritingRenderer
from hwocr.synth.render.kanjivg import KanjiVGRenderer
from hwocr.synth.strokes.glyph import packed_glyph
from hwocr.synth.strokes.kanjivg import available_chars
from hwocr.synth.text.form_fields import FormFieldTextSource
from hwocr.utils.files import CONFIG_DIR


def _real_knobs() -> dict:
    """The knob groups of conf/renderer/handwriting_real.yaml (everything but the plain settings)."""
    conf = yaml.safe_load((CONFIG_DIR / "renderer" / "handwriting_real.yaml").read_text(encoding="utf-8"))
    return {k: v for k, v in conf.items() if isinstance(v, dict)}


def _rate(fn, items) -> float:
    for item in items[: max(1, len(items) // 10)]:  # warm caches (glyph parsing, imports)
        fn(item)
    start = time.perf_counter()
    for item in items:
        fn(item)
    return len(items) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--chars", type=int, default=12)
    parser.add_argument("--height", type=int, default=64)
    parser.add_argument("--store", default=None, help="a store built by hwocr-synth build")
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    pool = sorted(c for c in available_chars() if char_class(c) in (CharClass.KANJI, CharClass.KANA))
    texts = ["".join(rng.choice(pool, args.chars)) for _ in range(args.lines)]
    for char in set("".join(texts)):  # parse glyphs up front (once per process in training too)
        packed_glyph(char)
    cases = {
        "KanjiVGRenderer": KanjiVGRenderer(height=args.height),
        "HandwritingRenderer(default)": HandwritingRenderer(height=args.height),
        "HandwritingRenderer(hurried, 30% vertical)": HandwritingRenderer(
            height=args.height, preset="hurried", vertical_prob=0.3
        ),
        "HandwritingRenderer(handwriting_real knobs)": HandwritingRenderer(
            height=args.height, **_real_knobs()
        ),
    }
    print(f"generation, {args.chars} random kanji/kana per line, {args.height} px, 1 core:")
    for name, renderer in cases.items():
        print(f"  {name:44s} {_rate(lambda t, r=renderer: r.render(t, rng), texts):8.0f} lines/s")
    form = FormFieldTextSource(chars=available_chars() | {" ", "\u3000"})
    print(
        f"  {'FormFieldTextSource.sample (text only)':44s} {_rate(lambda _: form.sample(rng), texts):8.0f} lines/s"
    )

    if args.store:
        from hwocr.core.charset import Charset
        from hwocr.data.store_dataset import SynthStoreDataset

        store = SynthStoreDataset(Charset.from_file("jis0208"), args.store, height=args.height)
        indices = list(rng.permutation(len(store))[: min(len(store), 20 * args.lines)])
        print(f"read back from {args.store} ({len(store)} lines), random order, 1 core:")
        print(
            f"  {'SynthStoreDataset.__getitem__':44s} {_rate(lambda i: store[int(i)], indices):8.0f} lines/s"
        )


if __name__ == "__main__":
    main()
