"""``hwocr-bench synth``: synthetic lines per second per core: generation, store build, store read-back.

    hwocr-bench synth                          # generation, ~12-character lines, 64 px, 500 lines
    hwocr-bench synth --store-lines 400        # also build a 400-line store in a temp folder, read it back
    hwocr-bench synth --store DIR              # read an existing store (hwocr-synth build) back

Single process, so the numbers are per core. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

os.environ.setdefault("NO_ALBUMENTATIONS_UPDATE", "1")

import numpy as np  # noqa: E402
import yaml  # noqa: E402

from hwocr.core.charset import Charset  # noqa: E402
from hwocr.data.store_dataset import SynthStoreDataset  # noqa: E402
from hwocr.synth.render.char_classes import CharClass, char_class  # noqa: E402
from hwocr.synth.render.handwriting import HandwritingRenderer  # noqa: E402
from hwocr.synth.render.kanjivg import KanjiVGRenderer  # noqa: E402
from hwocr.synth.store.build import LineFactory, build_store  # noqa: E402
from hwocr.synth.strokes.glyph import packed_glyph  # noqa: E402
from hwocr.synth.strokes.kanjivg import available_chars  # noqa: E402
from hwocr.synth.text.form_fields import FormFieldTextSource  # noqa: E402
from hwocr.utils.files import CONFIG_DIR  # noqa: E402


def _real_knobs() -> dict:
    """The knob groups of conf/renderer/handwriting_real.yaml (everything but the plain settings)."""
    conf = yaml.safe_load((CONFIG_DIR / "renderer" / "handwriting_real.yaml").read_text(encoding="utf-8"))
    return {k: v for k, v in conf.items() if isinstance(v, dict)}


def rate(fn: Callable[[Any], Any], items: Sequence[Any]) -> float:
    """Items per second of ``fn`` over ``items``, after a warm-up on the first tenth."""
    for item in items[: max(1, len(items) // 10)]:  # warm caches (glyph parsing, imports)
        fn(item)
    start = time.perf_counter()
    for item in items:
        fn(item)
    return len(items) / max(time.perf_counter() - start, 1e-9)


class _FixedTexts:
    """A text source drawing from a fixed list, so a store's texts fit a charset built from the list."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = list(texts)

    def sample(self, rng: np.random.Generator) -> str:
        return self.texts[int(rng.integers(len(self.texts)))]


def store_rates(texts: Sequence[str], height: int, lines: int, read_count: int, rng: np.random.Generator) -> list:
    """(name, lines/s) for building a ``lines``-line store (one process) and reading it back at random."""
    with tempfile.TemporaryDirectory(prefix="hwocr-bench-store-") as root:
        factory = LineFactory(KanjiVGRenderer(height=height), _FixedTexts(texts), seed=0)
        start = time.perf_counter()
        build_store(root, factory, lines, shard_size=max(1, lines // 2), workers=1, progress=False)
        built = lines / max(time.perf_counter() - start, 1e-9)
        store = SynthStoreDataset(Charset(sorted(set("".join(texts)))), root, height=height)
        indices = rng.permutation(len(store))
        indices = [int(indices[i % len(store)]) for i in range(read_count)]
        return [(f"store build, KanjiVGRenderer ({lines} lines, 1 worker)", built),
                ("SynthStoreDataset.__getitem__ read-back, random order", rate(lambda i: store[i], indices))]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hwocr-bench synth", description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=500, help="lines rendered per renderer")
    parser.add_argument("--chars", type=int, default=12)
    parser.add_argument("--height", type=int, default=64)
    parser.add_argument("--store-lines", type=int, default=0, help="build a store of this many lines and read it back")
    parser.add_argument("--store", default=None, help="read back a store built by hwocr-synth build (jis0208 texts)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    rng = np.random.default_rng(0)
    # NFKC-stable characters only: a compatibility kanji (U+F900...) would be folded by the charset,
    # and the store read-back would reject its own text.
    pool = sorted(c for c in available_chars()
                  if char_class(c) in (CharClass.KANJI, CharClass.KANA) and unicodedata.normalize("NFKC", c) == c)
    texts = ["".join(rng.choice(pool, args.chars)) for _ in range(args.lines)]
    for char in set("".join(texts)):  # parse glyphs up front (once per process in training too)
        packed_glyph(char)
    cases = {
        "KanjiVGRenderer": KanjiVGRenderer(height=args.height),
        "HandwritingRenderer(default)": HandwritingRenderer(height=args.height),
        "HandwritingRenderer(hurried, 30% vertical)": HandwritingRenderer(
            height=args.height, preset="hurried", vertical_prob=0.3
        ),
        "HandwritingRenderer(handwriting_real knobs)": HandwritingRenderer(height=args.height, **_real_knobs()),
    }
    rows = [(f"{name}.render", rate(lambda t, r=renderer: r.render(t, rng), texts)) for name, renderer in cases.items()]
    form = FormFieldTextSource(chars=available_chars() | {" ", "\u3000"})
    rows.append(("FormFieldTextSource.sample (text only)", rate(lambda _: form.sample(rng), texts)))
    if args.store_lines:
        rows += store_rates(texts, args.height, args.store_lines, 4 * args.lines, rng)
    if args.store:
        store = SynthStoreDataset(Charset.from_file("jis0208"), args.store, height=args.height)
        indices = [int(i) for i in rng.permutation(len(store))[: min(len(store), 20 * args.lines)]]
        rows.append((f"SynthStoreDataset.__getitem__ read-back of {args.store}", rate(lambda i: store[i], indices)))
    print(f"{args.lines} lines of {args.chars} random kanji/kana at {args.height} px, 1 process (= per core)\n")
    print("| what | lines/s per core |\n|---|---:|")
    for name, value in rows:
        print(f"| {name} | {value:,.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
