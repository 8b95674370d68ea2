import numpy as np
import pytest

from hwocr.synth.render.mixed import MixedRenderer, can_draw


class _Stub:
    """Draws an image whose value names the renderer; supports a fixed set of characters."""

    def __init__(self, value: int, chars: str, covers_all: bool | None = None) -> None:
        self.value, self.chars = value, set(chars)
        if covers_all is not None:
            self.covers = lambda text: covers_all

    def supports(self, char: str) -> bool:
        return char in self.chars

    def render(self, text: str, rng: np.random.Generator) -> np.ndarray:
        return np.full((8, 4 * len(text)), self.value, np.uint8)


def _mixed(font_chars: str = "あい", **weights: float) -> MixedRenderer:
    renderers = {"strokes": _Stub(10, "あいう"), "fonts": _Stub(20, font_chars)}
    return MixedRenderer(renderers, weights or {"strokes": 1.0, "fonts": 1.0})


def test_weights_set_the_share_of_each_renderer() -> None:
    mixed = _mixed(strokes=1.0, fonts=3.0)
    rng = np.random.default_rng(0)
    picks = [mixed.render("あい", rng)[0, 0] for _ in range(2000)]
    assert np.mean(np.array(picks) == 20) == pytest.approx(0.75, abs=0.04)


def test_text_the_picked_renderer_cannot_draw_falls_back_per_line() -> None:
    mixed = _mixed(strokes=0.0, fonts=1.0)
    assert mixed.render("あい", np.random.default_rng(0))[0, 0] == 20
    assert mixed.render("あう", np.random.default_rng(0))[0, 0] == 10
    assert mixed.last_renderer == "strokes" and mixed.last_vertical is False


def test_supports_is_the_fallbacks_and_covers_is_asked_when_present() -> None:
    mixed = _mixed()
    assert mixed.supports("う") and not mixed.supports("え")
    assert not can_draw(_Stub(1, "あ", covers_all=False), "あ")
    assert can_draw(_Stub(1, "", covers_all=True), "あ")


def test_same_seed_same_choice() -> None:
    mixed = _mixed()
    a = [mixed.render("あい", np.random.default_rng(s))[0, 0] for s in range(20)]
    assert a == [mixed.render("あい", np.random.default_rng(s))[0, 0] for s in range(20)]
    assert set(a) == {10, 20}


def test_bad_configuration_is_refused() -> None:
    stubs = {"strokes": _Stub(1, "あ")}
    with pytest.raises(ValueError, match="same renderers"):
        MixedRenderer(stubs, {"fonts": 1.0})
    with pytest.raises(ValueError, match="fallback"):
        MixedRenderer(stubs, {"strokes": 1.0}, fallback="fonts")
    with pytest.raises(ValueError, match="positive weight"):
        MixedRenderer(stubs, {"strokes": 0.0})
