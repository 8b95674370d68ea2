import numpy as np

from hwocr.synth.style.pen import StrokeEnd, pressure_profile, stroke_end
from hwocr.synth.style.writer import WriterRanges


def test_stroke_end_classes() -> None:
    assert stroke_end("㇒") is StrokeEnd.LIFT
    assert stroke_end("㇚") is StrokeEnd.LIFT  # vertical with hook (hane)
    assert stroke_end("㇐a") is StrokeEnd.STOP
    assert stroke_end("㇑/㇒") is StrokeEnd.STOP
    assert stroke_end("") is StrokeEnd.UNKNOWN


def test_lifted_stroke_tapers_and_stopped_stroke_does_not() -> None:
    style = WriterRanges(
        taper=(0.9, 0.9), pressure_variation=(0, 0), stop_blob=(0, 0), entry_blob=(0, 0)
    ).sample(np.random.default_rng(0))
    t = np.linspace(0, 1, 50, dtype=np.float32)
    progress = np.concatenate([t, t])
    stroke = np.repeat([0, 1], 50)
    widths = pressure_profile(
        progress, stroke, np.array([StrokeEnd.LIFT, StrokeEnd.STOP]), style, np.random.default_rng(1)
    )
    lift, stop = widths[:50], widths[50:]
    assert lift[-1] < 0.3 * lift[10]
    assert stop[-1] >= 0.95 * stop[10]
