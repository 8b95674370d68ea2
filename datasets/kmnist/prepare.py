"""Turn the KMNIST files you keep into a manifest of PNG "lines" that every hwocr tool reads.

    python datasets/kmnist/prepare.py --src /data/kmnist --out /data/kmnist-test-lines [--split test] [--limit N]
    python datasets/kmnist/prepare.py --src /data/kmnist --out /tmp/kmnist-ft-train --range 0:7500
    hwocr-eval model_path=model.onnx lines=/data/kmnist-test-lines/manifest.tsv

Needs kmnist-<split>-imgs.npz and kmnist-<split>-labels.npz in --src (see datasets/kmnist/README.md).
``--range START:STOP`` takes images START..STOP-1 of the split (Python slice bounds, either may be
empty): the fine-tuning recipe trains on the first 8,000 test images and tests on the last 2,000
(experiments/finetune/README.md).
"""

from __future__ import annotations

import argparse

from hwocr.core.manifest import write_image_manifest
from hwocr.data.readers.kmnist import read_kmnist


def parse_range(text: str, size: int) -> range:
    """``START:STOP`` (slice bounds, negative from the end) as a range of indices into ``size`` images."""
    start, sep, stop = text.partition(":")
    if not sep:
        raise argparse.ArgumentTypeError(f"--range expects START:STOP, got {text!r}")
    try:
        bounds = slice(int(start) if start else None, int(stop) if stop else None)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"--range expects integers START:STOP, got {text!r}") from err
    picked = range(size)[bounds]
    if not picked:
        raise argparse.ArgumentTypeError(f"--range {text} selects no image of {size}")
    return picked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", required=True, help="folder holding the kmnist-*.npz files")
    parser.add_argument("--out", required=True, help="output folder (PNG files + manifest.tsv)")
    parser.add_argument("--split", default="test", choices=["train", "test"])
    parser.add_argument("--range", dest="index_range", default=":", help="START:STOP images of the split (default all)")
    parser.add_argument("--limit", type=int, default=None, help="at most N images (after --range)")
    parser.add_argument("--border", type=int, default=4, help="white pixels around each 28 x 28 character")
    args = parser.parse_args()
    split = read_kmnist(args.src, args.split)
    try:
        indices = parse_range(args.index_range, len(split))
    except argparse.ArgumentTypeError as err:
        parser.error(str(err))
    indices = indices[: args.limit] if args.limit is not None else indices
    # File names keep the index in the split, so a PNG says which image it is.
    entries = ((f"{i:05d}", split.line_image(i, args.border), split.text(i)) for i in indices)
    path = write_image_manifest(args.out, entries)
    print(f"{len(indices)} characters ({indices.start}..{indices.stop - 1}) of {split.origin} -> {path}")


if __name__ == "__main__":
    main()
