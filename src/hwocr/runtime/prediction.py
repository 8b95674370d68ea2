"""One recognised line, as the runtime returns it. A ``Choice``: one line read against a closed list of candidate texts (``Recognizer.choose``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class ReadOutcome:
    """What every per-input result of the runtime shares: an ``error`` field, ``ok`` and ``to_dict``."""

    error: str | None

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]  # subclasses are dataclasses


@dataclass(frozen=True)
class Prediction(ReadOutcome):
    """Text of one input line with how sure the model is and where each character sits.

    ``confidence`` is the product of the per-character probabilities (1.0 for an empty line).
    ``char_positions`` are x coordinates of each character's centre in the input image's pixels
    (after the vertical policy's rotation, if it applied). ``error`` is set, and the text empty,
    when the input could not be read and the call collected errors instead of raising.
    """

    source: str
    text: str
    confidence: float
    char_confidences: list[float] = field(default_factory=list)
    char_positions: list[float] = field(default_factory=list)
    error: str | None = None


@dataclass(frozen=True)
class Choice(ReadOutcome):
    """The likeliest candidate for one input line.

    ``probability`` is the candidate's share of the likelihood of all candidates (how sure the
    choice is *among the list*; the list may hold none of what is written). ``log_likelihood`` is
    log P(text | image) under the model (CTC, or teacher forcing for autoregressive files),
    comparable across candidates of one line. ``error`` is set, and
    ``text`` empty, when the input could not be read and errors were collected.
    """

    source: str
    text: str
    probability: float
    log_likelihood: float
    runner_up: str | None = None
    error: str | None = None
