"""Split the Omniglot katakana set by drawer into the manifests of fine-tuning recipe (2).

    python experiments/finetune/omniglot_split.py --src ../shared/data/omniglot_katakana --out /tmp/ft_data/omniglot

Writes ``train_<k>.tsv`` (drawers 01..k, for each --train-drawers k) and ``test.tsv`` (drawers
11-20) in --out. Paths in them are absolute: the images stay where they are (MIT licence, not
copied). The split is by drawer, never by image, so a test drawer's hand is never seen in training.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from hwocr.core.manifest import read_manifest, write_manifest


def read_drawers(path: Path) -> dict[str, int]:
    """Image path (as the manifest writes it) -> drawer number; errors name the file and line."""
    drawers: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for lineno, row in enumerate(csv.DictReader(f, delimiter="\t"), start=2):
            try:
                drawers[row["path"]] = int(row["drawer"])
            except (KeyError, TypeError, ValueError) as err:
                raise ValueError(f"{path}:{lineno}: expected 'path<TAB>drawer', got {row}") from err
    return drawers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", required=True, help="the omniglot_katakana folder (manifest.tsv, drawers.tsv)")
    parser.add_argument("--out", required=True, help="output folder for the manifests (outside the repository)")
    parser.add_argument("--train-drawers", type=int, nargs="+", default=[1, 3, 10])
    parser.add_argument("--test-drawers", default="11:20", help="FIRST:LAST drawer numbers of the test set")
    args = parser.parse_args()
    src, out = Path(args.src), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    drawers = read_drawers(src / "drawers.tsv")
    entries = read_manifest(src / "manifest.tsv")
    by_drawer: dict[int, list[tuple[str, str]]] = {}
    for entry in entries:
        rel = entry.image.relative_to(src.resolve()).as_posix()
        if rel not in drawers:
            raise ValueError(f"{entry.where}: {rel} has no drawer in {src / 'drawers.tsv'}")
        by_drawer.setdefault(drawers[rel], []).append((str(entry.image), entry.text))
    first, last = (int(x) for x in args.test_drawers.split(":"))
    for k in args.train_drawers:
        if k >= first:
            parser.error(f"--train-drawers {k} overlaps the test drawers {first}-{last}")
        rows = [r for d in range(1, k + 1) for r in by_drawer.get(d, [])]
        print(f"train_{k}.tsv: {len(rows)} images of drawers 1-{k}")
        write_manifest(rows, out / f"train_{k}.tsv")
    rows = [r for d in range(first, last + 1) for r in by_drawer.get(d, [])]
    print(f"test.tsv: {len(rows)} images of drawers {first}-{last}")
    write_manifest(rows, out / "test.tsv")


if __name__ == "__main__":
    main()
