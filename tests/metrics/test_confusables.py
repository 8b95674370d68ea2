from __future__ import annotations

from hwocr.metrics.cer import CERAccumulator
from hwocr.metrics.confusables import CONFUSABLE_GROUPS, fold_confusables


def test_look_alikes_fold_to_one_character():
    assert fold_confusables("ヘロカ二一") == "へロカニー"
    assert fold_confusables("ゴヘ") == fold_confusables("ゴへ")
    assert fold_confusables("つっアァ") == "つっアァ"  # size-only pairs stay apart


def test_groups_do_not_overlap():
    chars = "".join(CONFUSABLE_GROUPS)
    assert len(chars) == len(set(chars))


def test_folded_cer_forgives_only_look_alikes():
    acc = CERAccumulator()
    acc.update(["ァチや口", "すの百0", "ねこ"], ["ァチやロ", "すの百O", "ねる"])
    assert acc.cer == 3 / 10
    assert acc.cer_folded == 1 / 10
    assert acc.as_dict()["cer_folded"] == acc.cer_folded
