"""One line read against a closed list of candidate texts, as ``Recognizer.choose`` returns it."""

from __future__ import annotations

from dataclasses import dataclass

from hwocr.runtime.prediction import ReadOutcome


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
