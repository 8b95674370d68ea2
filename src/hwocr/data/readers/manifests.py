"""Labelled images listed in a manifest: hwocr's TSV (``image<TAB>text``, with an optional
``writers.tsv`` / ``drawers.tsv`` beside it) or JSONL (``{"image": ..., "text": ...}`` per line,
optionally ``"writer"``), image paths relative to the manifest. Images load lazily.

    source = open_manifest("/data/lines/train.jsonl")   # or .tsv
    source[0].image, source[0].text, source[0].writer
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hwocr.core.image import load_grayscale
from hwocr.core.manifest import ManifestError, read_manifest
from hwocr.data.readers.sample import LabelledImage, ReaderError, read_writer_map


@dataclass(frozen=True)
class ListedImage:
    """One manifest row: where its image is, its text and writer, and ``file:line`` for messages."""

    image: Path
    text: str
    writer: str | None
    where: str


def read_jsonl_manifest(path: str | Path, check_files: bool = True) -> list[ListedImage]:
    """Rows of a JSONL manifest; a bad line raises naming the file and line."""
    path = Path(path)
    if not path.is_file():
        raise ReaderError(f"{path}: manifest not found")
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        where = f"{path}:{lineno}"
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise ReaderError(f"{where}: not JSON ({err.msg} at column {err.colno})") from None
        if not isinstance(record, dict) or not isinstance(record.get("image"), str):
            raise ReaderError(f'{where}: expected {{"image": "...", "text": "..."}}')
        text = record.get("text")
        if not isinstance(text, str):
            raise ReaderError(f"{where}: 'text' missing or not a string")
        image = Path(record["image"])
        image = image if image.is_absolute() else (path.parent / image).resolve()
        if check_files and not image.is_file():
            raise ReaderError(f"{where}: image {record['image']} not found (looked for {image})")
        writer = record.get("writer")
        rows.append(ListedImage(image, text, None if writer is None else str(writer), where))
    return rows


def read_listed_images(path: str | Path, check_files: bool = True) -> list[ListedImage]:
    """Rows of a TSV or JSONL manifest (told by the suffix ``.jsonl``), with writers where known."""
    path = Path(path)
    if path.suffix == ".jsonl":
        return read_jsonl_manifest(path, check_files)
    try:
        entries = read_manifest(path, check_files=check_files)
    except (ManifestError, FileNotFoundError) as err:
        raise ReaderError(str(err)) from err
    writers = read_writer_map(path)
    root = path.parent.resolve()
    rows = []
    for e in entries:
        try:
            rel = e.image.relative_to(root).as_posix()
        except ValueError:
            rel = str(e.image)
        rows.append(ListedImage(e.image, e.text, writers.get(rel), e.source))
    return rows


class ManifestSource:
    """Random access to the labelled images of a TSV or JSONL manifest."""

    def __init__(self, path: str | Path, limit: int | None = None) -> None:
        self.path = Path(path)
        self.rows = read_listed_images(self.path)[:limit]
        if not self.rows:
            raise ReaderError(f"{self.path}: no labelled images")

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> LabelledImage:
        row = self.rows[index]
        try:
            image = load_grayscale(row.image)
        except (OSError, ValueError) as err:
            raise ReaderError(f"{row.where}: {err}") from err
        return LabelledImage(image, row.text, row.writer, row.where)

    def __iter__(self) -> Iterator[LabelledImage]:
        return (self[i] for i in range(len(self)))


def open_manifest(path: str | Path, limit: int | None = None) -> ManifestSource:
    return ManifestSource(path, limit)
