"""Any reader's labelled images as a training / validation dataset of ``LineSample`` records:
JSONL manifests, LMDB line sets, PAGE / ALTO lines, character sets (``conf/data/lmdb.yaml``,
``conf/data/jsonl.yaml``, ``conf/data/page_xml.yaml``).

Texts are encoded up front (without decoding images where the source lists them), so a label
outside the charset fails at start-up naming its record, and skipped samples never reach a batch.
"""

from __future__ import annotations

import logging

from torch.utils.data import Dataset

from hwocr.core.charset import Charset
from hwocr.core.image import DEFAULT_MAX_ASPECT, resize_to_height
from hwocr.data.readers.sample import SampleSource
from hwocr.data.sample import ImageTransform, LineSample, apply_transform

log = logging.getLogger(__name__)


def source_text(source: SampleSource, index: int) -> tuple[str, str]:
    """(text, where) of one sample, read from the source's listing when it keeps one."""
    for attr in ("rows", "lines"):
        rows = getattr(source, attr, None)
        if rows is not None:
            row = rows[index]
            return row.text, row.where
    record = getattr(source, "record", None)
    if record is not None:  # LMDB: the label without decoding the image
        return record(index)[1], f"{getattr(source, 'root', 'lmdb')}:{index + 1}"
    sample = source[index]
    return sample.text, sample.source


class SourceLineDataset(Dataset):
    """The samples of ``source`` (a ``SampleSource``) at the model height."""

    def __init__(
        self,
        charset: Charset,
        source: SampleSource,
        height: int = 64,
        transform: ImageTransform | None = None,
        max_aspect: float = DEFAULT_MAX_ASPECT,
        limit: int | None = None,
        name: str = "source",
    ) -> None:
        self.charset, self.source, self.height, self.transform = charset, source, height, transform
        self.max_aspect, self.name = max_aspect, name
        count = len(source) if limit is None else min(limit, len(source))
        self.indices: list[int] = []
        self.labels: list[list[int]] = []
        for i in range(count):
            text, where = source_text(source, i)
            labels = charset.encode(text, where=where)
            if labels is not None:
                self.indices.append(i)
                self.labels.append(labels)
        if count - len(self.indices):
            log.warning("%s: skipped %d samples with characters outside the charset", name, count - len(self.indices))
        if not self.indices:
            raise ValueError(f"{name}: no usable samples")

    def __len__(self) -> int:
        return len(self.indices)

    def __getitem__(self, index: int) -> LineSample:
        index %= len(self.indices)
        sample = self.source[self.indices[index]]
        image = resize_to_height(sample.image, self.height, self.max_aspect, where=sample.source)
        return LineSample(
            image=apply_transform(self.transform, image), text=self.charset.normalize_text(sample.text),
            labels=self.labels[index], id=sample.source, vertical=False,
        )
