"""Turn the ETL files you keep (ETL8B/ETL9B, ETL8G/ETL9G, ETL1/ETL6/ETL7) into a manifest of PNG
characters (plus writers.tsv) every hwocr tool reads.

    python datasets/etl/prepare.py --src /data/ETL9G --out /data/etl9g-chars
    hwocr-eval model_path=model.onnx lines=/data/etl9g-chars/manifest.tsv

See datasets/etl/README.md for the formats and licence.
"""

from __future__ import annotations

import argparse

from hwocr.data.readers.etl import EtlFileStats, iter_etl, write_etl_manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", required=True, help="an ETL record file, or a folder of them (ETL9G_01, ETL1C_07 ...)")
    parser.add_argument("--out", required=True, help="output folder (PNG files + manifest.tsv + writers.tsv)")
    parser.add_argument("--pattern", default="ETL*", help="which files in --src to read")
    parser.add_argument("--kind", default=None, help="ETL8B, ETL9B, ETL8G, ETL9G, ETL1, ETL6 or ETL7 (default: from names)")
    parser.add_argument("--border", type=int, default=4, help="white pixels around each character")
    parser.add_argument("--limit", type=int, default=None, help="write only the first N characters")
    args = parser.parse_args()
    stats = EtlFileStats()
    path = write_etl_manifest(iter_etl(args.src, args.pattern, args.kind, stats=stats), args.out, args.border, args.limit)
    skipped = sum(stats.skipped.values())
    print(f"{sum(stats.read.values())} characters -> {path} ({skipped} records without a character skipped)")


if __name__ == "__main__":
    main()
