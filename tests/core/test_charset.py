from pathlib import Path

import pytest

from hwocr.core.charset import (
    Charset,
    CharsetError,
    builtin_charsets,
    read_charset_file,
    write_charset_file,
)


def test_builtin_charsets_are_nested_and_sized():
    assert {"quickstart", "kana_ascii", "joyo", "jis0208"} <= set(builtin_charsets())
    quick = Charset.from_file("quickstart")
    kana = Charset.from_file("kana_ascii")
    joyo = Charset.from_file("joyo")
    jis = Charset.from_file("jis0208")
    assert all(c in quick for c in "あゃアッ0123456789一右雨円王音下火花貝学気九休玉金空月犬見森")
    assert len(joyo) - len(kana) == 2136
    assert joyo.chars[: len(kana)] == kana.chars
    assert jis.chars[: len(joyo)] == joyo.chars
    assert len(jis) > 6300
    assert " " in kana


def test_round_trip_and_blank():
    cs = Charset(list("あいう1"), normalize=None)
    ids = cs.encode("いう1あ")
    assert ids == [2, 3, 4, 1]
    assert 0 not in ids and cs.blank_index == 0
    assert cs.decode(ids) == "いう1あ"
    assert cs.decode([0, 2, 0, 99]) == "い"
    assert cs.num_classes == 5
    assert cs.class_labels()[0] == "<blank>"


def test_nfkc_folds_fullwidth_digits_and_halfwidth_kana():
    cs = Charset(list("12アガ"), normalize="NFKC")
    assert cs.decode(cs.encode("１２ｱｶﾞ")) == "12アガ"
    raw = Charset(list("12"), normalize=None, unknown_policy="error")
    with pytest.raises(CharsetError):
        raw.encode("１")


def test_error_policy_names_the_sample():
    cs = Charset(list("あい"))
    with pytest.raises(CharsetError, match=r"train\.tsv:7.*'漢'"):
        cs.encode("あ漢い", where="train.tsv:7")


def test_skip_and_replace_policies_count():
    skip = Charset(list("あい"), unknown_policy="skip")
    assert skip.encode("あう") is None
    assert skip.encode("あい") == [1, 2]
    assert skip.stats.skipped == 1 and skip.stats.unknown["う"] == 1
    rep = Charset(list("あい"), unknown_policy="replace", unknown_token="〓")
    assert rep.num_classes == 4
    assert rep.decode(rep.encode("あうい")) == "あ〓い"
    assert rep.stats.replaced_chars == 1
    assert "1 characters replaced" in rep.stats.summary()


def test_file_round_trip_with_space(tmp_path: Path):
    path = tmp_path / "cs.txt"
    write_charset_file(["あ", " ", "A"], path)
    assert read_charset_file(path) == ["あ", " ", "A"]
    assert Charset.from_file(path).name == "cs"


@pytest.mark.parametrize(
    "content, message",
    [("あ\nあい\n", r"cs\.txt:2: expected one character"), ("あ\nい\nあ\n", r"cs\.txt:3: 'あ' already listed on line 1"),
     ("", "empty")],
)
def test_bad_charset_files_name_the_line(tmp_path: Path, content: str, message: str):
    path = tmp_path / "cs.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_charset_file(path)


def test_unknown_charset_name():
    with pytest.raises(FileNotFoundError, match="built-in"):
        Charset.from_file("no_such_charset")
