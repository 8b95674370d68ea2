import numpy as np
import pytest

from hwocr.synth.text.form_fields import FormFieldTextSource


@pytest.fixture(scope="module")
def source() -> FormFieldTextSource:
    return FormFieldTextSource()


def test_pure_function_of_rng(source: FormFieldTextSource) -> None:
    a = [source.sample(np.random.default_rng([3, i])) for i in range(20)]
    b = [source.sample(np.random.default_rng([3, i])) for i in range(20)]
    assert a == b and len(set(a)) > 10


@pytest.mark.parametrize(
    ("kind", "pattern"),
    [("postal", r"^〒?[0-9０-９]{3}-[0-9０-９]{4}$"), ("amount", r"[円¥￥]"), ("date", r"[年/.]")],
)
def test_fields_look_like_their_kind(source: FormFieldTextSource, kind: str, pattern: str) -> None:
    import re

    rng = np.random.default_rng(0)
    for _ in range(30):
        assert re.search(pattern, source.field(kind, rng)), kind


def test_furigana_is_kana_and_dates_use_eras(source: FormFieldTextSource) -> None:
    rng = np.random.default_rng(1)
    furigana = (
        "".join(source.field("furigana", rng) for _ in range(20)).replace(" ", "").replace("フリガナ：", "")
    )
    assert all("\u3040" <= c <= "\u30ff" or c in "：\u3000" for c in furigana)
    dates = "".join(source.field("date", rng) for _ in range(60))
    assert any(era in dates for era in ("令和", "平成", "昭和"))


def test_chars_filter_keeps_output_drawable() -> None:
    allowed = set("0123456789-〒円,¥年月日")
    source = FormFieldTextSource(chars=allowed, weights={"postal": 1, "amount": 1})
    rng = np.random.default_rng(0)
    for _ in range(30):
        text = source.sample(rng)
        assert text and set(text) <= allowed


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValueError, match="unknown form fields"):
        FormFieldTextSource(weights={"shoe_size": 1})
