"""Line manifests: UTF-8 TSV, ``relative/image/path<TAB>text`` per line, paths relative to the file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MANIFEST_NAME = "manifest.tsv"


class ManifestError(ValueError):
    """A malformed manifest line; the message starts with ``file:line:``."""


@dataclass(frozen=True)
class ManifestEntry:
    image: Path
    text: str
    source: str  # "manifest.tsv:12", for error messages

    def __str__(self) -> str:
        return f"{self.source} ({self.image})"


def read_manifest(path: str | Path, require_text: bool = True, check_files: bool = True) -> list[ManifestEntry]:
    """Parse a manifest. Blank lines and ``#`` comments are skipped.

    With ``require_text=False`` (prediction) a line may hold only a path.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: manifest not found")
    root = path.parent
    entries: list[ManifestEntry] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise ManifestError(f"{path}: not UTF-8 ({exc})") from exc
    for lineno, line in enumerate(lines, start=1):
        where = f"{path}:{lineno}"
        if not line.strip() or line.startswith("#"):
            continue
        rel, sep, text = line.partition("\t")
        if not rel:
            raise ManifestError(f"{where}: empty image path")
        if require_text and not sep:
            raise ManifestError(f"{where}: expected 'image_path<TAB>text', found no tab")
        if require_text and not text:
            raise ManifestError(f"{where}: empty text for {rel}")
        image = (root / rel).resolve() if not Path(rel).is_absolute() else Path(rel)
        if check_files and not image.is_file():
            raise ManifestError(f"{where}: image {rel} not found (looked for {image})")
        entries.append(ManifestEntry(image, text, where))
    return entries


def write_manifest(entries: Iterable[tuple[str | Path, str]], path: str | Path) -> Path:
    """Write (relative image path, text) pairs; tabs and newlines in texts are rejected."""
    path = Path(path)
    out = []
    for rel, text in entries:
        if "\t" in text or "\n" in text:
            raise ValueError(f"text for {rel} contains a tab or newline: {text!r}")
        out.append(f"{rel}\t{text}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def write_image_manifest(
    out_dir: str | Path, entries: Iterable[tuple[str, np.ndarray, str]], image_dir: str = "images"
) -> Path:
    """Write each (file stem, uint8 image, text) as ``<image_dir>/<stem>.png`` plus ``manifest.tsv``
    in ``out_dir``: a labelled set every hwocr tool and image viewer reads. Returns the manifest path."""
    import cv2

    out = Path(out_dir)
    (out / image_dir).mkdir(parents=True, exist_ok=True)
    rows = []
    for stem, image, text in entries:
        rel = f"{image_dir}/{stem}.png"
        if not cv2.imwrite(str(out / rel), image):
            raise OSError(f"could not write {out / rel}")
        rows.append((rel, text))
    return write_manifest(rows, out / MANIFEST_NAME)
