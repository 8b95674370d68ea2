"""Expanding command-line arguments (images, folders, manifests) into a list of lines to read."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from hwocr.core.manifest import read_manifest

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp", ".gif", ".pgm", ".pnm"})


@dataclass(frozen=True)
class LineInput:
    """One image to recognise; ``text`` is the manifest's reference, or None when there is none."""

    path: Path
    label: str  # what the output prints in the path column: as given on the command line
    text: str | None = None


def list_images(paths: Iterable[str | Path]) -> list[LineInput]:
    """Files as given, and image files inside folders (recursively, sorted by path)."""
    inputs: list[LineInput] = []
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
            inputs.extend(LineInput(p, str(p)) for p in found)
        else:
            # Missing files stay in the list: the recognizer reports them by name.
            inputs.append(LineInput(path, str(arg)))
    return inputs


def list_manifest(manifest: str | Path) -> list[LineInput]:
    """Every line of a manifest, labelled by its path relative to the manifest (so the output of
    ``hwocr-predict`` is itself a manifest beside it); missing images are reported at prediction time.
    """
    root = Path(manifest).resolve().parent
    entries = read_manifest(manifest, require_text=False, check_files=False)
    return [LineInput(e.image, os.path.relpath(e.image, root), e.text or None) for e in entries]
