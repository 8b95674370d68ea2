"""The evaluation report a person reads: ``hwocr-eval model_path=M ... report=true``.

Beside the model it writes ``<model>.report.md`` and ``<model>.report.html`` and the PNGs they show
in ``<model>.report/``: the metrics table (CER, exact lines, 1 - NED, S/D/I counts, ECE, CER at
rejection rates), accuracy against coverage, the worst lines with their images (truth against what
was read, with character confidences for ONNX files), the most frequent confusion pairs drawn from
the data (the misread glyph beside one the model read correctly as what it answered), and results
per source when the lines come from several folders. With ``suite=...`` it writes the scoreboard
table, then one such section per set that was read.

The numbers are ``evaluate_model``'s and ``run_suite``'s own: the model is handed to them wrapped
(``RecordingModel``), so each read keeps every line's details and nothing is read twice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from hwocr.core.image import ImageInput, describe_input, resize_to_height, to_grayscale
from hwocr.data.eval_lines import LineSet
from hwocr.data.eval_sets import EvalSet
from hwocr.metrics.cer import CERAccumulator, edit_distance
from hwocr.metrics.rejection import rejection_curve, rejection_report
from hwocr.pipeline import report_sections
from hwocr.pipeline.evaluation import LoadedModel, evaluate_model
from hwocr.pipeline.scoreboard import format_table, run_suite
from hwocr.runtime.ar_recognizer import open_recognizer
from hwocr.utils.files import write_text_atomic

CHECKPOINT_VIEW_HEIGHT = 64


@dataclass
class Reading:
    """One line as read: its text and, from the runtime, its confidences and character x positions."""

    text: str
    confidence: float | None = None
    char_confidences: list[float] = field(default_factory=list)
    char_positions: list[float] = field(default_factory=list)


class RecordingModel:
    """A ``LoadedModel`` whose reads keep every line's ``Reading``, keyed by the list of images read.

    ONNX files are read through a second ``Recognizer`` on the same file (``predict`` carries the
    per-character details that ``LoadedModel.read_scored`` drops); checkpoints keep texts only.
    """

    def __init__(self, model: LoadedModel, threads: int | None = None) -> None:
        self.model = model
        self.recognizer = open_recognizer(model.path, threads=threads) if model.path.suffix == ".onnx" else None
        # The image lists stay referenced here, so matching them by identity is safe.
        self._reads: list[tuple[Sequence[ImageInput], list[Reading]]] = []

    @property
    def loaded(self) -> LoadedModel:
        if self.recognizer is None:
            return replace(self.model, read=self._read)
        return replace(self.model, read=self._read, read_scored=self._read_scored)

    def _predict(self, images: list[ImageInput], batch_size: int) -> list[Reading]:
        if self.recognizer is None:
            readings = [Reading(text) for text in self.model.read(images, batch_size)]
        else:
            readings = [Reading(p.text, p.confidence, list(p.char_confidences), list(p.char_positions))
                        for p in self.recognizer.predict(images, batch_size=batch_size)]
        self._reads.append((images, readings))
        return readings

    def _read(self, images: list[ImageInput], batch_size: int) -> list[str]:
        return [r.text for r in self._predict(images, batch_size)]

    def _read_scored(self, images: list[ImageInput], batch_size: int) -> tuple[list[str], list[float]]:
        readings = self._predict(images, batch_size)
        return [r.text for r in readings], [float(r.confidence or 0.0) for r in readings]

    def readings_of(self, images: Sequence[ImageInput]) -> list[Reading]:
        """The readings of the (last) call that read exactly this list of images."""
        for seen, readings in reversed(self._reads):
            if seen is images:
                return readings
        raise KeyError("these images were not read through this RecordingModel")

    def view(self, image: ImageInput, index: int) -> tuple[np.ndarray, float]:
        """The line as the model saw it (uint8, model height) and the factor from the runtime's
        character positions (input pixels after normalisation) to its x coordinates."""
        where = describe_input(image, index)
        if self.recognizer is None:
            gray = resize_to_height(to_grayscale(image, where), CHECKPOINT_VIEW_HEIGHT, where=where)
            return gray, 1.0
        line, input_width = self.recognizer.prepare(image, where)
        return line, line.shape[1] / max(input_width, 1)


@dataclass
class SetResult:
    """One evaluated set: what was read, what it should have said, and its numbers."""

    name: str
    images: Sequence[ImageInput]
    refs: list[str]
    readings: list[Reading]
    metrics: dict[str, Any]  # evaluate_model's result shape
    sources: list[str] | None = None

    @property
    def hyps(self) -> list[str]:
        return [r.text for r in self.readings]

    @property
    def confidences(self) -> list[float] | None:
        if not self.readings or any(r.confidence is None for r in self.readings):
            return None
        return [float(r.confidence) for r in self.readings]  # type: ignore[arg-type]

    def coverage_points(self, steps: int = 20) -> list:
        confidences = self.confidences
        if confidences is None or not self.refs:
            return []
        return rejection_curve(confidences, self.refs, self.hyps, np.linspace(1.0 / steps, 1.0, steps).tolist())

    def worst(self, count: int) -> list[int]:
        """Indices of the ``count`` lines with the most edits (ties: the longer truth, then input order)."""
        wrong = [i for i, (r, h) in enumerate(zip(self.refs, self.hyps, strict=True)) if r != h]
        return sorted(wrong, key=lambda i: (-edit_distance(self.refs[i], self.hyps[i]), -len(self.refs[i]), i))[:count]


_SOURCE_SUFFIX = re.compile(r"(\[\d+\]|:\d+)$")


def line_sources(images: Sequence[ImageInput], origin: str, ids: Sequence[str] | None = None,
                 sources: Sequence[str] | None = None) -> list[str] | None:
    """Where each line comes from, when the lines come from two or more places; None otherwise.

    ``sources`` (``LineSample.source``, a mix's source names) are taken as they are. With ``ids``
    (``LineSample.id``: ``name[12]``, ``manifest.tsv:12``) the source is the id without its line
    number. Otherwise, for image files, it is the first folder below the manifest's folder
    (``etl/...``, ``kmnist/...``). Arrays without ids have no source.
    """
    if sources is not None:
        found = [str(s) or "?" for s in sources]
    elif ids is not None:
        found = [_SOURCE_SUFFIX.sub("", str(i)) or "?" for i in ids]
    elif images and all(isinstance(i, str | Path) for i in images):
        base = Path(origin).resolve().parent
        found = []
        for image in images:
            path = Path(image).resolve()  # type: ignore[arg-type]
            rel = path.relative_to(base) if path.is_relative_to(base) else None
            found.append(rel.parts[0] if rel is not None and len(rel.parts) > 1 else path.parent.name or ".")
    else:
        return None
    return found if len(set(found)) > 1 else None


def set_metrics(refs: list[str], readings: list[Reading], extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The numbers evaluate_model reports, for a set read by run_suite (same metric code)."""
    acc = CERAccumulator()
    hyps = [r.text for r in readings]
    acc.update(refs, hyps)
    metrics: dict[str, Any] = {**acc.as_dict(), **(extra or {})}
    if refs and readings and all(r.confidence is not None for r in readings):
        metrics["rejection"] = rejection_report([float(r.confidence) for r in readings], refs, hyps)  # type: ignore[arg-type]
    return metrics


def report_paths(model_path: Path) -> tuple[Path, Path, Path]:
    """``<model>.report.md``, ``<model>.report.html`` and the PNG folder ``<model>.report/``."""
    stem = model_path.with_name(f"{model_path.stem}.report")
    return stem.with_suffix(".report.md"), stem.with_suffix(".report.html"), stem


def evaluate_with_report(model: LoadedModel, lines: LineSet, batch_size: int = 32, threads: int | None = None,
                         worst: int = 10, pairs: int = 12) -> tuple[dict[str, Any], Path]:
    """``evaluate_model``'s result for ``lines`` and the Markdown report written beside the model."""
    recording = RecordingModel(model, threads)
    result = evaluate_model(recording.loaded, lines, batch_size=batch_size)
    refs = [model.charset.normalize_text(t) for t in lines.texts]
    part = SetResult(lines.origin, lines.images, refs, recording.readings_of(lines.images), result,
                     line_sources(lines.images, lines.origin, sources=lines.sources))
    return result, write_report(recording, [part], worst=worst, pairs=pairs)


class _KeepLoaded:
    """An eval set spec that remembers the set it loaded (run_suite only returns the rows)."""

    def __init__(self, spec: Any, kept: dict[str, EvalSet], name: str) -> None:
        self.spec, self.kept, self.name = spec, kept, name

    def load(self, charset: Any) -> EvalSet:
        self.kept[self.name] = data = self.spec.load(charset)
        return data


def suite_with_report(model: LoadedModel, sets: Mapping[str, Any], batch_size: int = 64, threads: int | None = None,
                      worst: int = 10, pairs: int = 12) -> tuple[list[dict[str, Any]], Path]:
    """``run_suite``'s rows and a report with the scoreboard table and one section per set read."""
    recording = RecordingModel(model, threads)
    kept: dict[str, EvalSet] = {}
    rows = run_suite(recording.loaded, {name: _KeepLoaded(spec, kept, name) for name, spec in sets.items()},
                     batch_size)
    parts = []
    for row in rows:
        data = kept.get(row["set"])
        if data is None or row["exact"] is None:
            continue
        refs = [model.charset.normalize_text(t) for t in data.texts]
        readings = recording.readings_of(data.images)
        extra = {"closed_set": row["closed_set"], "lines_per_s": row["lines_per_s"], "data": data.origin}
        parts.append(SetResult(row["set"], data.images, refs, readings, set_metrics(refs, readings, extra),
                               line_sources(data.images, data.origin)))
    return rows, write_report(recording, parts, scoreboard=format_table(rows), worst=worst, pairs=pairs)


def write_report(recording: RecordingModel, parts: Sequence[SetResult], scoreboard: str | None = None,
                 worst: int = 10, pairs: int = 12) -> Path:
    """Write the Markdown and HTML reports and their PNGs; returns the Markdown path."""
    md_path, html_path, figures = report_paths(recording.model.path)
    figures.mkdir(parents=True, exist_ok=True)
    for old in figures.glob("*.png"):  # a re-run must not leave figures of lines no longer shown
        old.unlink()
    doc = report_sections.Document(f"Evaluation report: {recording.model.path.name}", md_path.parent)
    if scoreboard:
        doc.heading(2, "Scoreboard")
        doc.raw_table(scoreboard)
    for number, part in enumerate(parts):
        slug = f"{number:02d}_{re.sub(r'[^A-Za-z0-9_-]+', '_', part.name)[:30]}" if scoreboard else "lines"
        if scoreboard:
            doc.heading(2, f"Set: {part.name}")
        report_sections.add_set(doc, recording, part, figures, slug, worst, pairs, level=3 if scoreboard else 2)
    write_text_atomic(md_path, doc.markdown())
    write_text_atomic(html_path, doc.html_page())
    return md_path

