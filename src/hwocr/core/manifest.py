"""Line manifests: UTF-8 TSV, ``relative/image/path<TAB>text`` per line, paths relative to the file.

Rules: a UTF-8 byte-order mark is ignored; blank lines are skipped; a comment is a line that is
``#`` alone or starts with ``#`` and a space (``# written by scan.py``), so an image whose name
starts with ``#`` (``#12.png<TAB>text``) is read as data, and ``#note`` without the space is an
error, never silently dropped. With ``root`` set, every image must resolve (symlinks followed)
inside ``root``: a manifest from elsewhere cannot make a tool read ``../../etc/x`` or ``/abs/path``.
"""

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


def is_comment(line: str) -> bool:
    """``#`` alone or ``#`` + whitespace opens a comment line; ``#name.png`` is a path."""
    return line == "#" or (line.startswith("#") and line[1:2].isspace())


def manifest_lines(path: Path) -> list[str]:
    """The lines of a manifest file, BOM dropped; ManifestError naming it when not UTF-8."""
    try:
        # utf-8-sig: Windows editors (Notepad, Excel) start UTF-8 files with a BOM.
        return path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise ManifestError(f"{path}: not UTF-8 ({exc})") from exc


def parse_manifest_line(
    line: str, where: str, base: Path, require_text: bool = True, root: Path | None = None
) -> ManifestEntry | None:
    """One manifest line as an entry (None for blank and comment lines); ManifestError naming ``where``.

    The image file's existence is not checked here (see ``read_manifest``).
    """
    if not line.strip() or is_comment(line):
        return None
    rel, sep, text = line.partition("\t")
    if not rel:
        raise ManifestError(f"{where}: empty image path")
    if require_text and not sep:
        raise ManifestError(f"{where}: expected 'image_path<TAB>text', found no tab")
    if require_text and not text:
        raise ManifestError(f"{where}: empty text for {rel}")
    image = (base / rel).resolve() if not Path(rel).is_absolute() else Path(rel)
    if root is not None and not image.resolve().is_relative_to(root):
        raise ManifestError(
            f"{where}: image {rel} lies outside {root} (manifests from elsewhere may only name files "
            "inside their root; set the root to allow it)"
        )
    return ManifestEntry(image, text, where)


def read_manifest(
    path: str | Path, require_text: bool = True, check_files: bool = True, root: str | Path | None = None
) -> list[ManifestEntry]:
    """Parse a manifest (rules in the module docstring).

    With ``require_text=False`` (prediction) a line may hold only a path. ``root``: every image
    must lie inside this folder (None: anywhere, for manifests you wrote yourself).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: manifest not found")
    base = path.parent
    contained = Path(root).resolve() if root is not None else None
    entries: list[ManifestEntry] = []
    for lineno, line in enumerate(manifest_lines(path), start=1):
        where = f"{path}:{lineno}"
        entry = parse_manifest_line(line, where, base, require_text, contained)
        if entry is None:
            continue
        if check_files and not entry.image.is_file():
            rel = line.partition("\t")[0]
            raise ManifestError(f"{where}: image {rel} not found (looked for {entry.image})")
        entries.append(entry)
    return entries


def write_manifest(entries: Iterable[tuple[str | Path, str]], path: str | Path) -> Path:
    """Write (relative image path, text) pairs; tabs and newlines in texts are rejected."""
    path = Path(path)
    out = []
    for rel, text in entries:
        if "\t" in text or "\n" in text:
            raise ValueError(f"text for {rel} contains a tab or newline: {text!r}")
        if is_comment(str(rel)) or "\t" in str(rel) or "\n" in str(rel):
            raise ValueError(f"image path {str(rel)!r} would not read back (a comment, or a tab or newline in it)")
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
