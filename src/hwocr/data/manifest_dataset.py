"""A dataset of real line images listed in a manifest (see ``hwocr.core.manifest``).

Bad data never stops a run. Each problem is caught where it is read and named (manifest file and
line, image path): a malformed manifest line, a missing file, an empty label or characters
outside the charset at start-up; a header that does not parse, a zero-size image or an absurd
aspect ratio in the header scan; pixels that do not decode (a truncated file) when the sample is
read. ``bad_samples="skip"`` (default) counts it in ``self.bad_samples`` and goes on (at read time
with the next good line, so a DataLoader worker never dies); ``"fail"`` stops with the name
before training starts, having decoded every image once up front.
"""

from __future__ import annotations

import logging
from pathlib import Path

from torch.utils.data import Dataset

from hwocr.core.charset import Charset
from hwocr.core.image import (
    DEFAULT_MAX_ASPECT,
    DEFAULT_MIN_ASPECT,
    check_aspect,
    image_size,
    load_grayscale,
    resize_to_height,
    scaled_width,
)
from hwocr.core.manifest import ManifestEntry, ManifestError, manifest_lines, parse_manifest_line
from hwocr.data.bad_samples import BadSampleLog, BadSamplePolicy
from hwocr.data.sample import ImageTransform, LineSample, apply_transform

log = logging.getLogger(__name__)


class ManifestLineDataset(Dataset):
    """Lines from a TSV manifest, encoded with ``charset`` under its out-of-charset policy.

    Texts are encoded and image headers read up front, so bad lines are dropped (or the run
    stopped, naming them) before the first batch, and skipped samples never reach a batch.
    """

    def __init__(
        self,
        manifest: str | Path,
        charset: Charset,
        height: int = 64,
        transform: ImageTransform | None = None,
        max_aspect: float = DEFAULT_MAX_ASPECT,
        limit: int | None = None,
        bad_samples: BadSamplePolicy = "skip",
        min_aspect: float = DEFAULT_MIN_ASPECT,
    ) -> None:
        self.manifest = Path(manifest)
        self.charset = charset
        self.height = height
        self.transform = transform
        self.max_aspect = max_aspect
        self.min_aspect = min_aspect
        self.bad_samples = BadSampleLog(str(self.manifest), bad_samples)
        self.entries: list[ManifestEntry] = []
        self.labels: list[list[int]] = []
        self._hints: list[int] = []
        for entry in self._parsed(limit):
            labels = self._encoded(entry)
            hint = self._scanned(entry) if labels is not None else None
            if labels is not None and hint is not None:
                self.entries.append(entry)
                self.labels.append(labels)
                self._hints.append(hint)
        if self.bad_samples.total:
            log.warning("%s: %d of %d lines skipped (%s)", self.manifest, self.bad_samples.total,
                        self.bad_samples.total + len(self.entries), self.bad_samples.summary())
        if bad_samples == "fail":
            self._decode_all()
        if not self.entries:
            raise ValueError(f"{self.manifest}: no usable lines ({self.bad_samples.summary()} skipped)")

    # -- start-up checks -------------------------------------------------------------------------
    def _parsed(self, limit: int | None) -> list[ManifestEntry]:
        if not self.manifest.is_file():
            raise FileNotFoundError(f"{self.manifest}: manifest not found")
        entries = []
        for lineno, line in enumerate(manifest_lines(self.manifest), start=1):
            where = f"{self.manifest}:{lineno}"
            try:
                # Empty texts are parsed here and counted below as their own kind.
                entry = parse_manifest_line(line, where, self.manifest.parent, require_text=False)
            except ManifestError as exc:
                self.bad_samples.record("malformed_line", where, str(exc).removeprefix(f"{where}: "))
                continue
            if entry is not None:
                if "\t" not in line:
                    self.bad_samples.record("malformed_line", where, "expected 'image_path<TAB>text', found no tab")
                    continue
                entries.append(entry)
            if limit is not None and len(entries) >= limit:
                break
        return entries

    def _encoded(self, entry: ManifestEntry) -> list[int] | None:
        if not entry.text.strip():
            self.bad_samples.record("empty_label", str(entry), "empty text")
            return None
        labels = self.charset.encode(entry.text, where=entry.source)  # policy error raises, naming the line
        if labels is None:
            self.bad_samples.record("unknown_chars", str(entry), f"characters outside charset {self.charset.name!r}")
        return labels

    def _scanned(self, entry: ManifestEntry) -> int | None:
        """The width after resizing, from the image header; None (counted) for a bad image."""
        if not entry.image.is_file():
            self.bad_samples.record("missing_file", str(entry), "image file not found")
            return None
        try:
            w, h = image_size(entry.image)
        except (ValueError, OSError) as exc:
            self.bad_samples.record("unreadable_image", str(entry), str(exc))
            return None
        try:
            check_aspect(w, h, str(entry), self.max_aspect, self.min_aspect)
        except ValueError as exc:
            self.bad_samples.record("bad_aspect", str(entry), str(exc).removeprefix(f"{entry}: "))
            return None
        return scaled_width(w, h, self.height)

    def _decode_all(self) -> None:
        """Policy ``fail``: decode every image once now, so a truncated file stops the run before training."""
        for entry in self.entries:
            try:
                load_grayscale(entry.image)
            except (ValueError, OSError) as exc:
                self.bad_samples.record("unreadable_image", str(entry), str(exc))

    # -- reading ---------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.entries)

    def width_hint(self, index: int) -> int:
        """Width after resizing, from the image headers read at start-up."""
        return self._hints[index % len(self.entries)]

    def _read(self, index: int) -> LineSample:
        entry = self.entries[index]
        image = load_grayscale(entry.image)
        image = resize_to_height(image, self.height, self.max_aspect, where=str(entry), min_aspect=self.min_aspect)
        image = apply_transform(self.transform, image)
        return LineSample(
            image=image, text=self.charset.normalize_text(entry.text), labels=self.labels[index],
            id=entry.source, vertical=False,
        )

    def __getitem__(self, index: int) -> LineSample:
        index %= len(self.entries)
        for step in range(len(self.entries)):
            at = (index + step) % len(self.entries)
            try:
                return self._read(at)
            except (ValueError, OSError) as exc:
                # Pixels that do not decode (a truncated file, one changed since start-up): count it
                # and give the next line, so the DataLoader worker lives on.
                self.bad_samples.record(
                    "unreadable_image" if not isinstance(exc, FileNotFoundError) else "missing_file",
                    str(self.entries[at]), str(exc),
                )
        raise ValueError(f"{self.manifest}: no line could be read ({self.bad_samples.summary()})")
