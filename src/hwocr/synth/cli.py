"""``hwocr-synth``: build a synthetic line store, or preview lines as a PNG.

    hwocr-synth build --out datasets/synthetic/joyo-100k --lines 100000 --charset joyo \
        --renderer handwriting --text form:2,words:2,charset:1 --coverage-k 2 --workers 2
    hwocr-synth preview --out preview.png --lines 16 --vertical-prob 0.3
    hwocr-synth preview --out fonts.png --renderer mixed --fonts klee,seto --font-weight 0.5
    hwocr-synth manifest --out /tmp/seto-test --lines 300 --renderer fonts --fonts seto --charset quickstart

The logic lives in importable modules (``build``, ``preview``, ``recipes``); this file only parses
arguments. Hydra users build the same renderer and text sources from ``_target_`` configs.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Sequence

from hwocr.synth.build import LineFactory, build_store
from hwocr.synth.line_manifest import write_line_manifest
from hwocr.synth.preview import write_preview
from hwocr.synth.recipes import RENDERERS, make_renderer, make_text_source, parse_weights
from hwocr.synth.text.coverage import CoverageSchedule, CoverageTextSource
from hwocr.synth.text.mixture import TextMixture
from hwocr.synth.text.vocabulary import WordTextSource
from hwocr.synth.writer import WRITER_PRESETS


def _charset_chars(name: str | None, renderer) -> list[str]:
    if name is None:
        from hwocr.synth.strokes import available_chars

        return sorted(available_chars())
    from hwocr.data.charset import read_charset_file, resolve_charset_path

    return [c for c in read_charset_file(resolve_charset_path(name)) if renderer.supports(c)]


def _factory(args: argparse.Namespace) -> tuple[LineFactory, list[str]]:
    fonts = [f.strip() for f in args.fonts.split(",") if f.strip()] if args.fonts else None
    renderer = make_renderer(
        args.renderer, args.height, args.preset, args.vertical_prob, fonts, args.font_weight
    )
    chars = _charset_chars(args.charset, renderer)
    weights = parse_weights(args.text)
    sources = {name: functools.partial(make_text_source, name) for name in weights}
    text = TextMixture(chars, sources, weights)
    if args.coverage_k > 0:
        schedule = CoverageSchedule(
            [c for c in chars if c.strip()], args.coverage_k, args.coverage_block, args.seed
        )
        words = WordTextSource(chars=chars).words
        text = CoverageTextSource(schedule, text, words=words)
    return LineFactory(renderer, text, args.seed), chars


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, help="output folder (build) or PNG file (preview)")
    p.add_argument("--lines", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--height", type=int, default=64)
    p.add_argument("--renderer", choices=RENDERERS, default="handwriting")
    p.add_argument("--preset", choices=sorted(WRITER_PRESETS), default="default")
    p.add_argument("--vertical-prob", type=float, default=0.0)
    p.add_argument(
        "--fonts",
        default=None,
        help="fonts/mixed renderers: comma-separated font files or name pieces (default: every Japanese font)",
    )
    p.add_argument(
        "--font-weight", type=float, default=0.3, help="mixed renderer: share of lines drawn with fonts"
    )
    p.add_argument(
        "--charset", default=None, help="built-in charset name or file (default: every drawable char)"
    )
    p.add_argument("--text", default="form:2,words:2,charset:1", help="text sources with weights")
    p.add_argument("--coverage-k", type=int, default=0, help="each charset char at least k times per block")
    p.add_argument("--coverage-block", type=int, default=10000, help="block size in lines for --coverage-k")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hwocr-synth", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="render lines into a sharded store (resumable)")
    _add_common(build)
    build.add_argument("--shard-size", type=int, default=2000)
    build.add_argument("--workers", type=int, default=1)
    build.add_argument("--no-progress", action="store_true")
    preview = sub.add_parser("preview", help="write a PNG grid of lines with their text")
    _add_common(preview)
    preview.set_defaults(lines=16)
    manifest = sub.add_parser("manifest", help="write lines as PNG files plus manifest.tsv (a test set)")
    _add_common(manifest)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    factory, chars = _factory(args)
    if args.command == "preview":
        lines = [factory.line(i) for i in range(args.lines)]
        print(write_preview(args.out, lines))
        return
    if args.command == "manifest":
        print(write_line_manifest(args.out, factory.line, args.lines))
        return
    settings = {k: v for k, v in vars(args).items() if k not in ("command", "out", "workers", "no_progress")}
    manifest = build_store(
        args.out,
        factory,
        args.lines,
        shard_size=args.shard_size,
        workers=args.workers,
        settings=settings,
        charset=chars,
        progress=not args.no_progress,
    )
    coverage = manifest.get("charset_coverage", {})
    print(
        f"{manifest['num_lines']} lines in {len(manifest['shards'])} shards at {args.out}; "
        f"least frequent charset char: {coverage.get('min_count')} times, missing: {len(coverage.get('missing', []))}"
    )


if __name__ == "__main__":
    main()
