"""The ETL readers on files built here byte by byte to AIST's documented record layouts: B type
(ETL8B 512 bytes, ETL9B 576), G type (ETL8G / ETL9G, 8,199 bytes) and M type (ETL1/6/7, 2,052)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hwocr.core.manifest import read_manifest
from hwocr.data.readers.etl import (
    RECORD_BYTES,
    EtlFormatError,
    iter_etl,
    jis_to_char,
    read_etl_binary,
    read_etl_folder,
    write_etl_manifest,
)
from hwocr.data.readers.etl_layouts import jis0201_to_char
from hwocr.data.readers.sample import read_writer_map


def b_record(code: int, ink: np.ndarray, serial: int = 1, size: int = RECORD_BYTES) -> bytes:
    """One B record: serial, JIS code, reading, 64 x 63 1-bit image (1 = ink), unused bytes."""
    image = np.packbits(ink.astype(np.uint8).reshape(-1))
    data = serial.to_bytes(2, "big") + code.to_bytes(2, "big") + b"A.I." + image.tobytes()
    return data + bytes(size - len(data))


def pack4(levels: np.ndarray) -> bytes:
    """Two 4-bit pixels a byte, high nibble first."""
    flat = levels.astype(np.uint8).reshape(-1)
    return (flat[0::2] << 4 | flat[1::2]).tobytes()


def g_record(code: int, levels: np.ndarray, sheet: int, etl9: bool) -> bytes:
    """One G record (form_e8g / form_e9g): sheet, JIS X 0208 code, 8-byte reading, serial data
    number, four 1-byte and four 2-byte writer fields, sheet position, undefined bytes, then
    128 x 127 4-bit pixels at byte 61 (ETL8G) or 65 (ETL9G), then undefined bytes to 8,199."""
    head = sheet.to_bytes(2, "big") + code.to_bytes(2, "big") + b"AI.MEDER" + (7).to_bytes(4, "big")
    head += bytes([0, 0, 1, 30]) + (1).to_bytes(2, "big") * 4 + bytes([3, 4])
    head += bytes((64 if etl9 else 60) - len(head))
    data = head + pack4(levels)
    return data + bytes(8199 - len(data))


def m_record(jis: int, name: bytes, levels: np.ndarray, sheet: int = 5) -> bytes:
    """One M record (form_m): data number, 2-char ASCII name, sheet, JIS X 0201 code, EBCDIC code,
    writer fields to byte 32, 64 x 63 4-bit pixels, 4 undefined bytes."""
    head = (1).to_bytes(2, "big") + name + sheet.to_bytes(2, "big") + bytes([jis, 0])
    head += bytes(32 - len(head))
    return head + pack4(levels) + bytes(4)


def stroke(row: int, shape=(63, 64)) -> np.ndarray:
    ink = np.zeros(shape, bool)
    ink[row : row + 3, 10:50] = True
    return ink


@pytest.fixture
def etl_file(tmp_path: Path) -> Path:
    path = tmp_path / "ETL9B_1"
    dummy = bytes(RECORD_BYTES)
    path.write_bytes(dummy + b_record(0x3021, stroke(5)) + b_record(0x2422, stroke(30), 41) + b_record(0x7F7F, stroke(40)))
    return path


def test_jis_codes_become_characters():
    assert (jis_to_char(0x3021), jis_to_char(0x2422), jis_to_char(0x3441)) == ("亜", "あ", "漢")
    assert jis_to_char(0) is None and jis_to_char(0x7F7F) is None
    # JIS X 0201: half-width katakana to full width, ETL7's to hiragana; ヰ/ヱ from the name.
    assert (jis0201_to_char(0xB1), jis0201_to_char(0xB6, hiragana=True), jis0201_to_char(0x41)) == ("ア", "か", "A")
    assert (jis0201_to_char(0xDE), jis0201_to_char(0xB2, "WI"), jis0201_to_char(0xA6, hiragana=True)) == ("゛", "ヰ", "を")
    assert jis0201_to_char(0x5C) == "¥" and jis0201_to_char(0) is None


def test_b_records_read_as_dark_ink_on_paper_and_bad_codes_are_counted(etl_file: Path):
    chars = read_etl_binary(etl_file)
    assert chars.texts == ["亜", "あ"] and chars.sources == ["ETL9B_1:1", "ETL9B_1:2"]
    assert chars.skipped == {"ETL9B_1": 2}  # the dummy record and an invalid code
    assert chars.images.shape == (2, 63, 64) and chars.images.dtype == np.uint8
    assert chars.images[0, 6, 20] == 0 and chars.images[0, 30, 20] == 255
    assert chars.images[1, 31, 20] == 0 and chars.images[1, 6, 20] == 255
    assert chars.writers == ["ETL9B-0", "ETL9B-2"]  # 20 sheets per writer (AIST's ETL9 page)
    with pytest.raises(EtlFormatError, match=r"ETL9B_1: record 3: code 0x7f7f is no ETL9B character"):
        read_etl_binary(etl_file, strict=True)


def test_etl8b_records_are_512_bytes(tmp_path: Path):
    path = tmp_path / "ETL8B2C1"
    path.write_bytes(bytes(512) + b_record(0x2422, stroke(5), size=512) + b_record(0x3441, stroke(20), size=512))
    assert read_etl_binary(path).texts == ["あ", "漢"]


@pytest.mark.parametrize(("name", "etl9"), [("ETL8G_01", False), ("ETL9G_01", True)])
def test_g_records_keep_gray_levels_and_writers(tmp_path: Path, name: str, etl9: bool):
    levels = np.zeros((127, 128), np.uint8)
    levels[40:44, 20:100] = 15
    levels[80, 20:100] = 8
    path = tmp_path / name
    path.write_bytes(g_record(0x3021, levels, sheet=1, etl9=etl9) + g_record(0x2422, levels, sheet=45, etl9=etl9))
    samples = list(iter_etl(path))
    assert [s.text for s in samples] == ["亜", "あ"]
    image = samples[0].image
    assert image.shape == (127, 128) and image[0, 0] == 255 and image[41, 50] == 0 and 100 < image[80, 50] < 140
    expected = ["ETL9G-0", "ETL9G-2"] if etl9 else ["ETL8G-1", "ETL8G-45"]
    assert [s.writer for s in samples] == expected and samples[1].source == f"{name}:1"


def test_m_records_etl1_katakana_and_etl7_hiragana(tmp_path: Path):
    levels = np.zeros((63, 64), np.uint8)
    levels[10:14, 5:60] = 15
    (tmp_path / "ETL1C_07").write_bytes(m_record(0xB6, b"KA", levels) + m_record(0x30, b"0 ", levels, 6))
    (tmp_path / "ETL7LC_1").write_bytes(m_record(0xB6, b"KA", levels) + m_record(0xDF, b"PS", levels))
    etl1 = list(iter_etl(tmp_path / "ETL1C_07"))
    etl7 = list(iter_etl(tmp_path / "ETL7LC_1"))
    assert [s.text for s in etl1] == ["カ", "0"] and [s.writer for s in etl1] == ["ETL1-5", "ETL1-6"]
    assert [s.text for s in etl7] == ["か", "゜"]
    assert etl1[0].image.shape == (63, 64) and etl1[0].image[11, 30] == 0 and etl1[0].image[40, 30] == 255
    # A folder mixes sets; each file's layout comes from its name.
    assert len(read_etl_folder(tmp_path)) == 4


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("ETL8B2C1", 512 + 100, r"ETL8B2C1: record 1 is truncated \(100 of 512 bytes\)"),
        ("ETL9G_03", 8199 * 2 + 7, r"ETL9G_03: record 2 is truncated \(7 of 8199 bytes\)"),
        ("ETL6C_01", 2052 - 1, r"ETL6C_01: record 0 is truncated \(2051 of 2052 bytes\)"),
    ],
)
def test_a_truncated_file_names_file_and_record(tmp_path: Path, name: str, size: int, message: str):
    path = tmp_path / name
    path.write_bytes(bytes(size))
    with pytest.raises(EtlFormatError, match=message):
        read_etl_binary(path)


def test_folder_reads_record_files_only(etl_file: Path):
    (etl_file.parent / "ETL9INFO").write_text("notes")
    (etl_file.parent / "notes.txt").write_text("notes")
    assert len(read_etl_folder(etl_file.parent)) == 2
    with pytest.raises(EtlFormatError, match="no ETL record files"):
        read_etl_folder(etl_file.parent / "missing")
    with pytest.raises(EtlFormatError, match="cannot tell the ETL set"):
        read_etl_binary(etl_file.parent / "notes.txt")


def test_manifest_of_characters_with_writers(etl_file: Path, tmp_path: Path):
    path = write_etl_manifest(read_etl_binary(etl_file), tmp_path / "out")
    entries = read_manifest(path)
    assert [e.text for e in entries] == ["亜", "あ"] and all(e.image.is_file() for e in entries)
    assert read_writer_map(path) == {"images/0000000.png": "ETL9B-0", "images/0000001.png": "ETL9B-2"}
