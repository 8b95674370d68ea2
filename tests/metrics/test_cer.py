"""CER, 1 - NED and edit-operation counts, with hand-checked Japanese cases."""

from __future__ import annotations

import random
import unicodedata

import pytest

from hwocr.core.charset import Charset
from hwocr.metrics.cer import CERAccumulator, cer, edit_distance, normalized_edit_distance


def reference_distance(a: str, b: str) -> int:
    """The textbook dynamic programme, as an oracle for rapidfuzz."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i]
        for j, cb in enumerate(b, start=1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@pytest.mark.parametrize(
    "ref, hyp, d", [("", "", 0), ("abc", "abc", 0), ("abc", "", 3), ("", "ab", 2), ("東京都", "東京部", 1), ("kitten", "sitting", 3)]
)
def test_edit_distance(ref: str, hyp: str, d: int):
    assert edit_distance(ref, hyp) == d == edit_distance(hyp, ref)


def test_edit_distance_matches_the_textbook_definition():
    rng = random.Random(0)
    alphabet = "あいうアイウ漢字𠮷a"
    for _ in range(300):
        a = "".join(rng.choices(alphabet, k=rng.randint(0, 12)))
        b = "".join(rng.choices(alphabet, k=rng.randint(0, 12)))
        assert edit_distance(a, b) == reference_distance(a, b)


def test_corpus_cer_weights_by_length():
    assert cer(["あいうえ", "か"], ["あいうえ", "き"]) == pytest.approx(1 / 5)
    acc = CERAccumulator()
    acc.update(["ab", "cd"], ["ab", "ce"])
    assert acc.as_dict() == {
        "cer": 0.25, "cer_folded": 0.25, "one_minus_ned": 0.75, "line_accuracy": 0.5,
        "substitutions": 1, "deletions": 0, "insertions": 0, "ref_chars": 4, "num_samples": 2,
    }


def test_one_minus_ned_is_the_icdar_line_mean():
    # NED per line: 1/4 (one deletion of four), 1/1 (one substitution), 0 (both empty).
    acc = CERAccumulator()
    acc.update(["あいうえ", "か", ""], ["あいう", "き", ""])
    assert acc.one_minus_ned == pytest.approx(1 - (1 / 4 + 1 + 0) / 3)
    assert normalized_edit_distance("あい", "あいうえ") == pytest.approx(2 / 4)  # the longer length
    assert CERAccumulator().one_minus_ned == 1.0


def test_operation_counts_add_up_to_the_edits():
    acc = CERAccumulator()
    acc.update(["東京都", "大阪", "", "名古屋"], ["東京部", "大阪府", "x", "名屋"])
    assert (acc.substitutions, acc.deletions, acc.insertions) == (1, 1, 2)
    assert acc.edits == 4 and acc.ref_chars == 8


def test_empty_reference_or_hypothesis():
    only_insertions = CERAccumulator()
    only_insertions.update([""], ["あい"])
    # No reference characters: the CER divides by 1 instead of 0, 1 - NED is 0 (everything wrong).
    assert (only_insertions.cer, only_insertions.one_minus_ned, only_insertions.insertions) == (2.0, 0.0, 2)
    only_deletions = CERAccumulator()
    only_deletions.update(["あい"], [""])
    assert (only_deletions.cer, only_deletions.one_minus_ned, only_deletions.deletions) == (1.0, 0.0, 2)
    both = CERAccumulator()
    both.update([""], [""])
    assert (both.cer, both.one_minus_ned, both.line_accuracy) == (0.0, 1.0, 1.0)


def test_astral_characters_count_once():
    # 𠮷 (U+20BB7, the "tsuchi-yoshi" variant of 吉) is one code point, two UTF-16 units.
    assert len("𠮷野家") == 3 and len("𠮷野家".encode("utf-16-le")) == 8
    assert edit_distance("𠮷野家", "吉野家") == 1
    assert edit_distance("𠮷野家", "野家") == 1
    assert cer(["𠮷野家"], ["吉野家"]) == pytest.approx(1 / 3)


def test_metrics_compare_code_points_and_the_caller_normalises():
    # Half-width katakana ｶﾞ is two code points (ｶ + ﾞ); full-width Latin is three other code points.
    assert edit_distance("ガ", "ｶﾞ") == 2 and edit_distance("ABC", "ＡＢＣ") == 3
    # A combining dakuten (U+3099) after か against precomposed が: one substitution + one insertion.
    acc = CERAccumulator()
    acc.update(["がっこう"], ["か\u3099っこう"])
    assert (acc.edits, acc.substitutions, acc.insertions, acc.cer) == (2, 1, 1, 0.5)
    # What every caller does: normalise the reference with the model's charset (NFKC by default).
    charset = Charset(list("ガABCがっこう"))
    for written, read in [("ｶﾞ", "ガ"), ("ＡＢＣ", "ABC"), ("か\u3099っこう", "がっこう")]:
        assert charset.normalize_text(written) == unicodedata.normalize("NFKC", written) == read
        assert cer([charset.normalize_text(written)], [read]) == 0.0


def test_accumulators_of_shards_merge_into_the_corpus_one():
    refs, hyps = ["ソフト", "トマト", "あい", "𠮷"], ["ソフ卜", "マト", "あいう", "𠮷"]
    whole, first, second = CERAccumulator(), CERAccumulator(), CERAccumulator()
    whole.update(refs, hyps)
    first.update(refs[:2], hyps[:2])
    second.update(refs[2:], hyps[2:])
    assert first.merge(second) == whole
