"""SourceAccumulators: one corpus CER per source, untagged lines left out."""

from __future__ import annotations

import pytest

from hwocr.metrics.by_source import SourceAccumulators
from hwocr.metrics.cer import CERAccumulator


def test_each_source_is_a_corpus_of_its_own_lines():
    acc = SourceAccumulators()
    acc.update(["a", "b", "a"], ["あい", "う", "えお"], ["あい", "え", "え"])
    acc.update(["b", ""], ["かき", "く"], ["かき", "け"])
    expected_b = CERAccumulator()
    expected_b.update(["う", "かき"], ["え", "かき"])
    assert acc.metrics("val") == {
        "val/a/cer": pytest.approx(1 / 4), "val/a/line_accuracy": pytest.approx(1 / 2),
        "val/b/cer": pytest.approx(expected_b.cer), "val/b/line_accuracy": pytest.approx(1 / 2),
    }
    assert expected_b.cer == pytest.approx(1 / 3)


def test_untagged_lines_give_no_source():
    acc = SourceAccumulators()
    acc.update(["", ""], ["あ", "い"], ["あ", "う"])
    assert acc.metrics("test") == {}
