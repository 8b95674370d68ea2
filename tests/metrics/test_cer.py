import pytest

from hwocr.metrics.cer import CERAccumulator, cer, edit_distance


@pytest.mark.parametrize(
    "ref, hyp, d", [("", "", 0), ("abc", "abc", 0), ("abc", "", 3), ("", "ab", 2), ("東京都", "東京部", 1), ("kitten", "sitting", 3)]
)
def test_edit_distance(ref: str, hyp: str, d: int):
    assert edit_distance(ref, hyp) == d == edit_distance(hyp, ref)


def test_corpus_cer_weights_by_length():
    assert cer(["あいうえ", "か"], ["あいうえ", "き"]) == pytest.approx(1 / 5)
    acc = CERAccumulator()
    acc.update(["ab", "cd"], ["ab", "ce"])
    assert acc.as_dict() == {"cer": 0.25, "cer_folded": 0.25, "line_accuracy": 0.5, "num_samples": 2}
