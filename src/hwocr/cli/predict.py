"""``hwocr-predict MODEL.onnx IMAGE_OR_DIR... [--manifest M.tsv] [--choices C.txt]``: torch-free line recognition.

Prints ``path<TAB>text`` (or one JSON object per line) on stdout, in input order; unreadable
inputs are reported on stderr and the rest still run (exit status 1 when any failed). With
``--choices`` each line is matched against a closed list of texts (one per line of the file:
check-box words, prefectures, classes) instead of being read freely. With ``--field katakana``
(scripts, '+'-joined) and/or ``--field-chars``, only the characters such a form field can hold are
read: in one box, katakana ロ and the kanji 口 have the same shape, the field type tells them apart.
``--one-char`` reads each image as one character box (of the field's characters, if given);
``--widths 0.7,1,1.4`` reads each box at three widths and averages.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

from hwocr.metrics.cer import CERAccumulator
from hwocr.runtime.ar_recognizer import open_recognizer
from hwocr.runtime.field import field_mask
from hwocr.runtime.input_listing import LineInput, list_images, list_manifest
from hwocr.runtime.prediction import Choice, Prediction

# Inputs at or above this count get a progress bar on stderr.
PROGRESS_THRESHOLD = 100


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hwocr-predict", description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help="ONNX file written by hwocr-export")
    parser.add_argument("inputs", nargs="*", help="image files or folders (searched recursively)")
    parser.add_argument("--manifest", action="append", default=[], help="TSV manifest (image<TAB>text); repeatable")
    parser.add_argument("--format", choices=("tsv", "jsonl"), default="tsv", help="output format (default tsv)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--threads", type=int, default=None, help="onnxruntime intra-op threads (default: all cores)")
    parser.add_argument("--providers", nargs="+", default=None, help="onnxruntime execution providers, in order")
    parser.add_argument("--optimization", choices=("all", "extended", "basic", "none"), default="all",
                        help="onnxruntime graph optimisation (fp16 files on CPU need 'extended')")
    parser.add_argument("--choices", default=None,
                        help="UTF-8 file of candidate texts, one per line: output the likeliest for each image")
    parser.add_argument("--field", default=None, metavar="SCRIPTS",
                        help="read only these scripts, '+'-joined: katakana, hiragana, kanji, digits, latin, punct "
                             "(e.g. a フリガナ box: --field katakana)")
    parser.add_argument("--field-chars", default="", metavar="CHARS",
                        help="characters a field may hold besides --field's scripts (e.g. '-/.' for dates)")
    parser.add_argument("--one-char", action="store_true",
                        help="each image is one box of one character (of --field's characters when given): "
                             "scored as a whole, no insertions or empty reads")
    parser.add_argument("--widths", default="1", metavar="F,F,...",
                        help="with --one-char: read each box at these multiples of its width and average "
                             "(e.g. 0.7,1,1.4; default 1)")
    parser.add_argument("--cer", action="store_true", help="with manifest texts: print CER and exact-line accuracy to stderr")
    parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    return parser


def _chunks(items: Sequence[LineInput], size: int) -> Iterator[Sequence[LineInput]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Progress:
    """tqdm when installed, else a plain counter line; silent for small inputs."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled = total, 0, enabled and total >= PROGRESS_THRESHOLD
        self.bar = None
        if self.enabled and importlib.util.find_spec("tqdm") is not None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="line", file=sys.stderr)

    def update(self, n: int) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
        elif self.enabled:
            print(f"{self.done}/{self.total} lines", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def read_choices(path: str) -> list[str]:
    """Candidate texts from a UTF-8 file, one per line; blank lines are skipped."""
    try:
        with open(path, encoding="utf-8") as f:
            choices = [line.rstrip("\r\n") for line in f if line.strip()]
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text ({exc})") from exc
    if not choices:
        raise ValueError(f"{path}: no candidate texts")
    return choices


def _write(prediction: Prediction | Choice, item: LineInput, fmt: str, out: TextIO) -> None:
    if fmt == "jsonl":
        record = {"path": item.label, **prediction.to_dict()}
        del record["source"]
        if item.text is not None:
            record["reference"] = item.text
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif prediction.ok:
        out.write(f"{item.label}\t{prediction.text}\n")


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    items: list[LineInput] = list_images(args.inputs)
    for manifest in args.manifest:
        items.extend(list_manifest(manifest))
    if not items:
        print("hwocr-predict: no input images (give files, folders or --manifest)", file=err)
        return 2
    choices = read_choices(args.choices) if args.choices else None
    recognizer = open_recognizer(args.model, providers=args.providers, threads=args.threads,
                            optimization=args.optimization)
    field = None
    if (args.field or args.field_chars or args.one_char) and choices is not None:
        print("hwocr-predict: --field, --field-chars and --one-char exclude --choices", file=err)
        return 2
    try:
        stretches = [float(f) for f in args.widths.split(",") if f.strip()]
        if not stretches or any(not f > 0 for f in stretches):
            raise ValueError
    except ValueError:
        print(f"hwocr-predict: --widths wants positive numbers separated by commas, got {args.widths!r}", file=err)
        return 2
    if stretches != [1.0] and not args.one_char:
        print("hwocr-predict: --widths needs --one-char", file=err)
        return 2
    if args.field or args.field_chars:
        try:
            field = field_mask(recognizer.charset, args.field, args.field_chars)
        except ValueError as exc:
            print(f"hwocr-predict: {exc}", file=err)
            return 2
    progress = _Progress(len(items), not args.no_progress)
    accuracy = CERAccumulator()
    failed = 0
    # Chunks keep memory flat and output streaming for folders of any size.
    for chunk in _chunks(items, max(256, 8 * args.batch_size)):
        paths = [item.path for item in chunk]
        if args.one_char:
            predictions = recognizer.read_char(paths, field, args.batch_size, errors="collect", stretches=stretches)
        elif choices is None:
            predictions = recognizer.predict(paths, args.batch_size, errors="collect", field=field)
        else:
            predictions = recognizer.choose(paths, choices, args.batch_size, errors="collect")
        for item, prediction in zip(chunk, predictions, strict=True):
            _write(prediction, item, args.format, out)
            if not prediction.ok:
                failed += 1
                print(f"hwocr-predict: {prediction.error}", file=err)
            elif item.text is not None:
                accuracy.update([recognizer.charset.normalize_text(item.text)], [prediction.text])
        out.flush()
        progress.update(len(chunk))
    progress.close()
    if args.cer:
        if accuracy.lines:
            print(
                f"CER {100 * accuracy.cer:.2f}%  line accuracy {100 * accuracy.line_accuracy:.2f}%  "
                f"({accuracy.lines} lines with reference text)",
                file=err,
            )
        else:
            print("hwocr-predict: --cer needs a manifest with texts; none found", file=err)
    if failed:
        print(f"hwocr-predict: {failed} of {len(items)} inputs could not be read", file=err)
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except (FileNotFoundError, ValueError) as exc:  # model file or manifest problems: one clear line
        print(f"hwocr-predict: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `hwocr-predict ... | head`: the reader left, which is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
