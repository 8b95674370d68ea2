"""Turn the ETL8B / ETL9B files you keep into a manifest of PNG characters every hwocr tool reads.

    python datasets/etl/prepare.py --src /data/ETL9B --out /data/etl9b-lines
    hwocr-eval model_path=model.onnx lines=/data/etl9b-lines/manifest.tsv

See datasets/etl/README.md for the format and licence.
"""

from __future__ import annotations

import argparse

from hwocr.data.readers.etl import read_etl_folder, write_etl_manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", required=True, help="folder holding ETL8B2C* or ETL9B_* record files")
    parser.add_argument("--out", required=True, help="output folder (PNG files + manifest.tsv)")
    parser.add_argument("--pattern", default="ETL*B*", help="which files in --src to read")
    parser.add_argument("--border", type=int, default=4, help="white pixels around each 64 x 63 character")
    args = parser.parse_args()
    characters = read_etl_folder(args.src, args.pattern)
    path = write_etl_manifest(characters, args.out, args.border)
    skipped = sum(characters.skipped.values())
    print(f"{len(characters)} characters -> {path} ({skipped} records without a JIS X 0208 code skipped)")


if __name__ == "__main__":
    main()
