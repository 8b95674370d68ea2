"""A dataset of real line images listed in a manifest (see ``hwocr.core.manifest``)."""

from __future__ import annotations

import logging
from pathlib import Path

from torch.utils.data import Dataset

from hwocr.core.charset import Charset
from hwocr.core.image import DEFAULT_MAX_ASPECT, image_size, load_grayscale, resize_to_height, scaled_width
from hwocr.core.manifest import read_manifest
from hwocr.data.sample import ImageTransform, LineSample, apply_transform

log = logging.getLogger(__name__)


class ManifestLineDataset(Dataset):
    """Lines from a TSV manifest, encoded with ``charset`` under its out-of-charset policy.

    Texts are encoded up front so a bad label fails at start-up naming its manifest line, and
    skipped samples never reach a batch.
    """

    def __init__(
        self,
        manifest: str | Path,
        charset: Charset,
        height: int = 64,
        transform: ImageTransform | None = None,
        max_aspect: float = DEFAULT_MAX_ASPECT,
        limit: int | None = None,
    ) -> None:
        self.manifest = Path(manifest)
        self.charset = charset
        self.height = height
        self.transform = transform
        self.max_aspect = max_aspect
        entries = read_manifest(self.manifest)
        if limit is not None:
            entries = entries[:limit]
        self.entries = []
        self.labels: list[list[int]] = []
        for entry in entries:
            labels = charset.encode(entry.text, where=entry.source)
            if labels is not None:
                self.entries.append(entry)
                self.labels.append(labels)
        skipped = len(entries) - len(self.entries)
        if skipped:
            log.warning("%s: skipped %d lines with characters outside the charset", self.manifest, skipped)
        if not self.entries:
            raise ValueError(f"{self.manifest}: no usable lines")
        self._hints: list[int] | None = None

    def __len__(self) -> int:
        return len(self.entries)

    def width_hint(self, index: int) -> int:
        """Width after resizing, from image headers only (read once, lazily)."""
        if self._hints is None:
            self._hints = []
            for e in self.entries:
                w, h = image_size(e.image)
                self._hints.append(scaled_width(w, max(h, 1), self.height))
        return self._hints[index % len(self.entries)]

    def __getitem__(self, index: int) -> LineSample:
        index %= len(self.entries)
        entry = self.entries[index]
        image = load_grayscale(entry.image)
        image = resize_to_height(image, self.height, self.max_aspect, where=str(entry))
        image = apply_transform(self.transform, image)
        return LineSample(
            image=image, text=self.charset.normalize_text(entry.text), labels=self.labels[index],
            id=entry.source, vertical=False,
        )
