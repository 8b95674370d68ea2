"""Turn the KMNIST files you keep into a manifest of PNG "lines" that every hwocr tool reads.

    python datasets/kmnist/prepare.py --src /data/kmnist --out /data/kmnist-test-lines [--split test] [--limit N]
    hwocr-eval model_path=model.onnx lines=/data/kmnist-test-lines/manifest.tsv

Needs kmnist-<split>-imgs.npz and kmnist-<split>-labels.npz in --src (see datasets/kmnist/README.md).
"""

from __future__ import annotations

import argparse

from hwocr.data.readers.kmnist import read_kmnist, write_kmnist_manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", required=True, help="folder holding the kmnist-*.npz files")
    parser.add_argument("--out", required=True, help="output folder (PNG files + manifest.tsv)")
    parser.add_argument("--split", default="test", choices=["train", "test"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--border", type=int, default=4, help="white pixels around each 28 x 28 character")
    args = parser.parse_args()
    split = read_kmnist(args.src, args.split)
    path = write_kmnist_manifest(split, args.out, args.limit, args.border)
    print(f"{min(len(split), args.limit or len(split))} characters of {split.origin} -> {path}")


if __name__ == "__main__":
    main()
