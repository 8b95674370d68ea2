"""The ETL8B/ETL9B reader on files built here to AIST's documented 576-byte record layout."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hwocr.core.manifest import read_manifest
from hwocr.data.readers.etl import (
    RECORD_BYTES,
    EtlFormatError,
    jis_to_char,
    read_etl_binary,
    read_etl_folder,
    write_etl_manifest,
)


def record(code: int, ink: np.ndarray, serial: int = 1) -> bytes:
    """One record: serial, JIS code, reading, 64 x 63 1-bit image (1 = ink), 64 unused bytes."""
    image = np.packbits(ink.astype(np.uint8).reshape(-1))
    data = serial.to_bytes(2, "big") + code.to_bytes(2, "big") + b"A.I." + image.tobytes()
    return data + bytes(RECORD_BYTES - len(data))


def stroke(row: int) -> np.ndarray:
    ink = np.zeros((63, 64), bool)
    ink[row : row + 3, 10:50] = True
    return ink


@pytest.fixture
def etl_file(tmp_path: Path) -> Path:
    path = tmp_path / "ETL9B_1"
    dummy = bytes(RECORD_BYTES)
    path.write_bytes(dummy + record(0x3021, stroke(5)) + record(0x2422, stroke(30)) + record(0x7F7F, stroke(40)))
    return path


def test_jis_codes_become_characters():
    assert (jis_to_char(0x3021), jis_to_char(0x2422), jis_to_char(0x3441)) == ("亜", "あ", "漢")
    assert jis_to_char(0) is None and jis_to_char(0x7F7F) is None


def test_records_read_as_dark_ink_on_paper_and_bad_codes_are_counted(etl_file: Path):
    chars = read_etl_binary(etl_file)
    assert chars.texts == ["亜", "あ"] and chars.sources == ["ETL9B_1:1", "ETL9B_1:2"]
    assert chars.skipped == {"ETL9B_1": 2}  # the dummy record and an invalid code
    assert chars.images.shape == (2, 63, 64) and chars.images.dtype == np.uint8
    assert chars.images[0, 6, 20] == 0 and chars.images[0, 30, 20] == 255
    assert chars.images[1, 31, 20] == 0 and chars.images[1, 6, 20] == 255


def test_folder_reads_record_files_only(etl_file: Path):
    (etl_file.parent / "ETL9INFO.txt").write_text("notes")
    chars = read_etl_folder(etl_file.parent)
    assert len(chars) == 2
    with pytest.raises(EtlFormatError, match="no ETL8B/ETL9B record files"):
        read_etl_folder(etl_file.parent / "missing")


def test_a_truncated_file_is_named(tmp_path: Path):
    path = tmp_path / "ETL8B2C1"
    path.write_bytes(bytes(RECORD_BYTES + 100))
    with pytest.raises(EtlFormatError, match=r"ETL8B2C1: 676 bytes is not a whole number of 576-byte"):
        read_etl_binary(path)


def test_manifest_of_characters(etl_file: Path, tmp_path: Path):
    entries = read_manifest(write_etl_manifest(read_etl_binary(etl_file), tmp_path / "out"))
    assert [e.text for e in entries] == ["亜", "あ"] and all(e.image.is_file() for e in entries)
