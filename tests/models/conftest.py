"""Model-zoo fixtures: the quickstart charset and a tiny rendered batch."""

from __future__ import annotations

import numpy as np
import pytest

from hwocr.core.charset import Charset
from hwocr.data.collate import PadCollate

from .zoo import HEIGHT, TEXTS


@pytest.fixture(scope="session")
def charset() -> Charset:
    return Charset.from_file("quickstart", normalize="NFKC")


@pytest.fixture(scope="session")
def tiny_batch(charset: Charset) -> dict:
    """Four rendered lines of different widths, collated as training collates them."""
    from hwocr.synth.render.kanjivg import KanjiVGRenderer

    renderer = KanjiVGRenderer(height=HEIGHT)
    rng = np.random.default_rng(0)
    samples = [
        {"image": renderer.render(text, rng), "text": text, "labels": charset.encode(text), "id": str(i),
         "vertical": False}
        for i, text in enumerate(TEXTS)
    ]
    return PadCollate()(samples)
