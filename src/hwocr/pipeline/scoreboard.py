"""The real-handwriting scoreboard: one model, every evaluation set of a suite, one table.

``hwocr-eval model_path=M suite=real`` reads each set of ``conf/suite/real.yaml`` that is on this
machine through the same reading path as production (the torch-free runtime for ``.onnx`` files,
with the line normalisation their metadata records), and writes ``<model>.scoreboard.{json,md}``.
Per set: exact accuracy (for single characters, the character accuracy), CER, and the accuracy of a
closed choice among the set's classes where it has a class list, and the exact accuracy when read
as a form field of the set's type (``field``: e.g. katakana, ``one_char``: one box per character;
ONNX CTC files); ``field_widths`` reads the boxes at several widths too (``stretches``). Sets that are absent
are listed as skipped, with the reason. The sets are read only: nothing here tunes on them.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hwocr.data.eval_sets import EvalSet, SetUnavailable
from hwocr.metrics.cer import CERAccumulator
from hwocr.pipeline.evaluation import LoadedModel
from hwocr.utils.files import write_json, write_text_atomic

COLUMNS = ("set", "n", "exact", "cer", "cer_folded", "field", "field_widths", "closed_set", "lines_per_s", "note")
RATES = ("exact", "cer", "cer_folded", "field", "field_widths", "closed_set")


def score_set(model: LoadedModel, data: EvalSet, batch_size: int = 64) -> dict[str, Any]:
    t0 = time.perf_counter()
    hyps = model.read(data.images, batch_size)
    seconds = time.perf_counter() - t0
    refs = [model.charset.normalize_text(t) for t in data.texts]
    acc = CERAccumulator()
    acc.update(refs, hyps)
    # cer_folded counts handwriting look-alikes (カ/力, ロ/口, へ/ヘ ...) as equal: a diagnostic beside
    # the real CER, telling script confusions apart from misreadings.
    row: dict[str, Any] = {"set": data.name, "n": len(refs), "exact": acc.line_accuracy, "cer": acc.cer,
                           "cer_folded": acc.cer_folded, "field": None, "field_widths": None, "closed_set": None, "lines_per_s": round(len(refs) / max(seconds, 1e-9), 1),
                           "note": data.origin}
    if data.field:
        if model.read_field is None:
            row["note"] += "; field: ONNX files only"
        else:
            read = model.read_field(data.images, data.field, data.one_char, batch_size, (1.0,))
            row["field"] = sum(h == r for h, r in zip(read, refs, strict=True)) / max(len(refs), 1)
            row["note"] += f"; field: {'one ' if data.one_char else ''}{data.field}"
            if data.one_char and data.stretches != (1.0,):
                read = model.read_field(data.images, data.field, True, batch_size, data.stretches)
                row["field_widths"] = sum(h == r for h, r in zip(read, refs, strict=True)) / max(len(refs), 1)
                row["note"] += f"; field_widths: x{'/'.join(f'{f:g}' for f in data.stretches)}"
    if data.classes:
        drawable = [c for c in data.classes if all(ch in model.charset for ch in model.charset.normalize_text(c))]
        if model.choose is None:
            row["note"] += "; closed set: ONNX files only"
        elif len(drawable) < len(data.classes):
            row["note"] += f"; closed set: {len(data.classes) - len(drawable)} classes outside the charset"
        else:
            chosen = model.choose(data.images, drawable, batch_size)
            row["closed_set"] = sum(c == r for c, r in zip(chosen, refs, strict=True)) / max(len(refs), 1)
    return row


def run_suite(model: LoadedModel, sets: Mapping[str, Any], batch_size: int = 64) -> list[dict[str, Any]]:
    """Score ``model`` on every set (instantiated ``eval_sets`` objects by name); skipped sets say why."""
    rows = []
    for name, spec in sets.items():
        try:
            data = spec.load(model.charset)
        except SetUnavailable as exc:
            rows.append({**{k: None for k in COLUMNS}, "set": name, "n": 0, "note": f"skipped: {exc}"})
            continue
        rows.append(score_set(model, data, batch_size))
    return rows


def _cell(key: str, value: Any) -> str:
    if value is None:
        return "–"
    if key in RATES:
        return f"{100 * value:.1f} %"
    return str(value)


def format_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---" for _ in COLUMNS) + "|"]
    lines += ["| " + " | ".join(_cell(k, row.get(k)) for k in COLUMNS) + " |" for row in rows]
    return "\n".join(lines)


def write_scoreboard(model_path: Path, rows: list[dict[str, Any]], output: Path | None = None) -> Path:
    """``<model>.scoreboard.json`` and ``.md`` beside the model (or at ``output``); returns the JSON path."""
    json_path = Path(output) if output else model_path.with_name(f"{model_path.stem}.scoreboard.json")
    write_json(json_path, {"model": str(model_path), "sets": rows})
    write_text_atomic(json_path.with_suffix(".md"), f"# Scoreboard: {model_path}\n\n{format_table(rows)}\n")
    return json_path
