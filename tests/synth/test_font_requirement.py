"""CI's promise: with HWOCR_REQUIRE_FONTS=1 a missing font fails the font tests instead of skipping them."""

from __future__ import annotations

import pytest

from tests.synth import conftest


def _outcome(monkeypatch, value: str | None) -> str:
    if value is None:
        monkeypatch.delenv("HWOCR_REQUIRE_FONTS", raising=False)
    else:
        monkeypatch.setenv("HWOCR_REQUIRE_FONTS", value)
    monkeypatch.setattr(conftest, "discover_fonts", lambda: [])  # a machine without any font
    try:
        conftest.cjk_font.__wrapped__()
    except pytest.skip.Exception:
        return "skipped"
    except pytest.fail.Exception as exc:
        assert "HWOCR_REQUIRE_FONTS is set but no CJK font installed" in str(exc)
        return "failed"
    return "passed"


def test_missing_fonts_skip_by_default_and_fail_where_required(monkeypatch):
    assert _outcome(monkeypatch, None) == "skipped"
    assert _outcome(monkeypatch, "0") == "skipped"
    assert _outcome(monkeypatch, "1") == "failed"
