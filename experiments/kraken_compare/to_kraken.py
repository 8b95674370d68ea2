"""Write an hwocr manifest's lines in kraken's ``path`` format (hwocr venv).

kraken's ``ketos train -f path`` reads PNG files with a ``.gt.txt`` file beside each and list
files of absolute paths. The text written is the one hwocr trains on: NFKC-normalised by the
quickstart charset (``hwocr.core.charset.Charset.normalize_text``), so both engines learn the
same targets and are scored against the same references.

    python to_kraken.py MANIFEST OUT_DIR LIST_FILE
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from hwocr.core.charset import Charset
from hwocr.core.manifest import read_manifest


def convert(manifest: Path, out_dir: Path, list_file: Path, charset: Charset) -> int:
    """Link (or copy) each image into ``out_dir`` with its ``.gt.txt``; write the list; return the count."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: list[str] = []
    for i, entry in enumerate(read_manifest(manifest)):
        if entry.image.suffix.lower() != ".png":
            raise ValueError(f"{entry}: kraken's path format is used with PNG images here")
        image = out_dir / f"{i:06d}.png"
        if not image.exists():
            try:
                os.link(entry.image, image)  # same file system: no copy of the pixels
            except OSError:
                shutil.copyfile(entry.image, image)
        image.with_suffix(".gt.txt").write_text(charset.normalize_text(entry.text), encoding="utf-8")
        paths.append(str(image.resolve()))
    if not paths:
        raise ValueError(f"{manifest}: no lines")
    list_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
    return len(paths)


def main(argv: list[str]) -> None:
    if len(argv) != 3:
        sys.exit(__doc__)
    n = convert(Path(argv[0]), Path(argv[1]), Path(argv[2]), Charset.from_file("quickstart"))
    print(f"{argv[2]}: {n} lines in kraken's path format")


if __name__ == "__main__":
    main(sys.argv[1:])
