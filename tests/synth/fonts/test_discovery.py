from pathlib import Path

import pytest

from hwocr.synth.fonts import discovery
from hwocr.synth.fonts.discovery import FontFace, discover_fonts


@pytest.fixture
def font_dir(tmp_path: Path) -> Path:
    """Empty files with font names: discovery only looks at names, it never opens a font."""
    (tmp_path / "hand").mkdir()
    for name in ("hand/KleeOne-Regular.ttf", "setofont.TTF", "NotoSansCJK.ttc", "readme.txt"):
        (tmp_path / name).write_bytes(b"")
    return tmp_path


def test_scans_folders_recursively_for_font_files(font_dir: Path) -> None:
    faces = discover_fonts([font_dir], use_fc_list=False)
    assert sorted(f.path.name for f in faces) == ["KleeOne-Regular.ttf", "NotoSansCJK.ttc", "setofont.TTF"]
    assert all(f.index == 0 for f in faces)


def test_selectors_match_file_names_case_insensitively(font_dir: Path) -> None:
    faces = discover_fonts([font_dir], use_fc_list=False, selectors=["klee", "SETO"])
    assert sorted(f.path.name for f in faces) == ["KleeOne-Regular.ttf", "setofont.TTF"]
    by_folder = discover_fonts([font_dir], use_fc_list=False, selectors=["HAND"])
    assert [f.path.name for f in by_folder] == ["KleeOne-Regular.ttf"]


def test_a_selector_may_be_a_path_outside_the_folders(font_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.otf"
    outside.write_bytes(b"")
    faces = discover_fonts([font_dir / "hand"], use_fc_list=False, selectors=[str(outside)])
    assert [f.path for f in faces] == [outside.resolve()]


def test_missing_folders_and_no_fc_list_give_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discovery.shutil, "which", lambda name: None)
    assert discover_fonts([tmp_path / "nope"], use_fc_list=True) == []


def test_fc_list_adds_collection_faces_and_families(font_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ttc = (font_dir / "NotoSansCJK.ttc").resolve()
    monkeypatch.setattr(
        discovery,
        "_fc_list",
        lambda: [FontFace(ttc, 0, "Noto Sans CJK JP"), FontFace(ttc, 2, "Noto Sans CJK KR")],
    )
    faces = discover_fonts([font_dir], use_fc_list=True, selectors=["CJK JP", "cjk kr"])
    assert [(f.index, f.family) for f in faces] == [(0, "Noto Sans CJK JP"), (2, "Noto Sans CJK KR")]
    assert faces[1].name == "Noto Sans CJK KR#2"
