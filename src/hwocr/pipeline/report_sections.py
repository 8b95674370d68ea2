"""The sections of the evaluation report (``eval_report``), each written as Markdown and HTML at once.

One evaluated set gives: its metrics table, CER at rejection rates with the accuracy-vs-coverage
plot, the worst lines, the confusion-pair sheet and, when its lines come from several sources, a
table per source. Numbers are formatted once here, so the Markdown and the HTML always agree.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from hwocr.metrics.alignment import align
from hwocr.metrics.cer import CERAccumulator, edit_distance
from hwocr.metrics.confusions import ConfusionCounter
from hwocr.pipeline.report_figures import char_width, confidence_colour, plot_coverage, save_crop, save_line

if TYPE_CHECKING:  # types only: eval_report imports this module
    from hwocr.pipeline.eval_report import RecordingModel, SetResult

Cell = str | tuple[str, str]  # plain text, or (Markdown, HTML) for images and coloured text


def pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.2f} %"


class Document:
    """One report built twice, as Markdown and as HTML, block by block in the same order."""

    def __init__(self, title: str, folder: Path) -> None:
        self.folder = folder  # image links are relative to it
        self.title = title
        self.md: list[str] = [f"# {title}", ""]
        self.html: list[str] = [f"<h1>{html.escape(title)}</h1>"]

    def heading(self, level: int, text: str) -> None:
        self.md.extend(["", f"{'#' * level} {text}", ""])
        self.html.append(f"<h{level}>{html.escape(text)}</h{level}>")

    def paragraph(self, text: str) -> None:
        self.md.extend([text, ""])
        self.html.append(f"<p>{html.escape(text)}</p>")

    def table(self, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
        def md(cell: Cell) -> str:
            text = cell if isinstance(cell, str) else cell[0]
            return text.replace("|", "\\|").replace("\n", " ")

        def ht(cell: Cell) -> str:
            return html.escape(cell) if isinstance(cell, str) else cell[1]

        self.md.extend(["| " + " | ".join(header) + " |", "|" + "---|" * len(header)])
        self.md.extend("| " + " | ".join(md(c) for c in row) + " |" for row in rows)
        self.md.append("")
        head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{ht(c)}</td>" for c in row) + "</tr>" for row in rows)
        self.html.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")

    def raw_table(self, markdown: str) -> None:
        """A Markdown table made elsewhere (the scoreboard's), kept verbatim in the Markdown."""
        rows = [[c.strip() for c in line.strip().strip("|").split(" | ")] for line in markdown.splitlines()]
        self.md.extend([markdown, ""])
        body = [r for r in rows[1:] if not all(set(c) <= set("-:") for c in r)]
        head = "".join(f"<th>{html.escape(h)}</th>" for h in rows[0])
        cells = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in body)
        self.html.append(f"<table><thead><tr>{head}</tr></thead><tbody>{cells}</tbody></table>")

    def image_cell(self, path: Path, alt: str) -> tuple[str, str]:
        rel = path.relative_to(self.folder).as_posix()
        return f"![{alt}]({rel})", f'<img src="{html.escape(rel)}" alt="{html.escape(alt)}">'

    def image(self, path: Path, alt: str) -> None:
        md, ht = self.image_cell(path, alt)
        self.md.extend([md, ""])
        self.html.append(f"<p>{ht}</p>")

    def markdown(self) -> str:
        return "\n".join(self.md).rstrip() + "\n"

    def html_page(self) -> str:
        style = ("body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em}"
                 "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;"
                 "font-size:13px;vertical-align:middle}th{background:#f3f3f3}img{max-width:100%}"
                 ".c{padding:0 2px;margin:0 1px;border-radius:2px}")
        return (f'<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8"><title>{html.escape(self.title)}'
                f"</title><style>{style}</style></head>\n<body>\n" + "\n".join(self.html) + "\n</body></html>\n")


def char_confidence_cell(text: str, confidences: Sequence[float]) -> Cell:
    """Each read character with its probability; in HTML on a red-to-green background."""
    if not confidences or len(confidences) != len(text):
        return "–"
    md = " ".join(f"{ch} {p:.2f}" for ch, p in zip(text, confidences, strict=True))
    spans = "".join(
        f'<span class="c" style="background:rgba{(*confidence_colour(p), 0.35)}" title="{p:.3f}">{html.escape(ch)}</span>'
        for ch, p in zip(text, confidences, strict=True)
    )
    return md, spans


def _metrics(doc: Document, part: SetResult, level: int) -> None:
    m = part.metrics
    doc.heading(level, "Metrics")
    doc.paragraph(f"Lines: {m.get('data', part.name)}")
    rows: list[list[Cell]] = [
        ["lines", str(m["num_samples"])], ["reference characters", str(m["ref_chars"])],
        ["CER", pct(m["cer"])], ["CER, look-alikes folded", pct(m["cer_folded"])],
        ["exact lines", pct(m["line_accuracy"])], ["1 − NED", f"{m['one_minus_ned']:.4f}"],
        ["substitutions", str(m["substitutions"])], ["deletions", str(m["deletions"])],
        ["insertions", str(m["insertions"])],
    ]
    if m.get("closed_set") is not None:
        rows.append(["closed-set accuracy", pct(m["closed_set"])])
    if m.get("lines_per_s") is not None:
        rows.append(["lines/s", f"{m['lines_per_s']}"])
    rejection = m.get("rejection")
    if rejection:
        rows.append(["ECE (line confidence)", f"{rejection['expected_calibration_error']:.4f}"])
    doc.table(["metric", "value"], rows)


def _rejection(doc: Document, part: SetResult, figures: Path, slug: str, level: int) -> None:
    rejection = part.metrics.get("rejection")
    doc.heading(level, "Rejecting unsure lines")
    if not rejection:
        doc.paragraph("No line confidences (a checkpoint): export the model to ONNX for ECE, rejection and coverage.")
        return
    rows: list[list[Cell]] = [
        [f"{100 * float(rate):g} %", f"{p['threshold']:.4f}", str(p["accepted"]), pct(p["cer"]), pct(p["line_accuracy"])]
        for rate, p in rejection["by_rejection_rate"].items()
    ]
    doc.table(["rejected (least confident)", "confidence threshold", "lines kept", "CER", "exact lines"], rows)
    points = part.coverage_points()
    if points:
        doc.image(plot_coverage(points, figures / f"{slug}_coverage.png"), "accuracy vs coverage")


def _worst(doc: Document, recording: RecordingModel, part: SetResult, figures: Path, slug: str, count: int,
           level: int) -> None:
    indices = part.worst(count)
    doc.heading(level, f"Worst lines ({len(indices)} of {sum(r != h for r, h in zip(part.refs, part.hyps, strict=True))} wrong)")
    if not indices:
        doc.paragraph("Every line was read exactly.")
        return
    rows: list[list[Cell]] = []
    for rank, i in enumerate(indices):
        reading = part.readings[i]
        view, scale = recording.view(part.images[i], i)
        png = save_line(view, figures / f"{slug}_worst_{rank:02d}.png",
                        [x * scale for x in reading.char_positions], reading.char_confidences)
        conf = "–" if reading.confidence is None else f"{reading.confidence:.3f}"
        rows.append([str(i), doc.image_cell(png, f"line {i}"), part.refs[i], reading.text,
                     str(edit_distance(part.refs[i], reading.text)), conf,
                     char_confidence_cell(reading.text, reading.char_confidences)])
    doc.table(["line", "image (ticks: characters read, red = unsure)", "truth", "read", "edits", "confidence",
               "character confidences"], rows)


def _locate(ref: str, hyp: str, r: str, h: str) -> float | None:
    """Index into ``hyp`` of the aligned pair (r, h); between two characters for a deletion."""
    j = 0
    for a, b in align(ref, hyp):
        if (a or "") == r and (b or "") == h:
            return float(j) if b is not None else j - 0.5
        j += b is not None
    return None


def _glyph(doc: Document, recording: RecordingModel, part: SetResult, r: str, h: str, path: Path) -> Cell | None:
    """A crop of the first place (r, h) is aligned in the data: the character cell where the runtime
    gives positions, else the whole line. None when no line shows the pair."""
    for i, (ref, hyp) in enumerate(zip(part.refs, part.hyps, strict=True)):
        index = _locate(ref, hyp, r, h)
        if index is None:
            continue
        reading = part.readings[i]
        view, scale = recording.view(part.images[i], i)
        positions = [x * scale for x in reading.char_positions]
        if len(positions) == len(hyp) and positions:
            x = float(np.interp(index, np.arange(len(positions)), positions))
            png = save_crop(view, x, char_width(positions, view.shape[0]), path)
        else:
            png = save_line(view, path)
        return doc.image_cell(png, f"line {i}")
    return None


def _confusions(doc: Document, recording: RecordingModel, part: SetResult, figures: Path, slug: str, count: int,
                level: int) -> None:
    """The sheet of the most frequent substitutions, glyphs from the data; then the most dropped and
    most added characters in one line each."""
    counter = ConfusionCounter()
    counter.update(part.refs, part.hyps)
    ranked = counter.most_common(len(counter.counts))
    pairs = [(r, h, n) for r, h, n in ranked if r and h][:count]
    doc.heading(level, f"Confusion pairs (top {len(pairs)} substitutions; {counter.total} character errors in all)")
    rows: list[list[Cell]] = []
    for k, (r, h, n) in enumerate(pairs):
        misread = _glyph(doc, recording, part, r, h, figures / f"{slug}_pair_{k:02d}_misread.png")
        answer = _glyph(doc, recording, part, h, h, figures / f"{slug}_pair_{k:02d}_answer.png")
        rows.append([r, h, str(n), misread or "–", answer or "–"])
    if rows:
        doc.table(["truth", "read as", "count", "the misread glyph (from the data)",
                   "the read character, written and read right"], rows)
    else:
        doc.paragraph("No substitutions.")
    for label, picked in (("Most often dropped", [(r, n) for r, h, n in ranked if not h]),
                          ("Most often added", [(h, n) for r, h, n in ranked if not r])):
        if picked:
            doc.paragraph(f"{label}: " + ", ".join(f"{c} ×{n}" for c, n in picked[:count]) + ".")


def _per_source(doc: Document, part: SetResult, level: int) -> None:
    if not part.sources:
        return
    groups: dict[str, list[int]] = defaultdict(list)
    for i, source in enumerate(part.sources):
        groups[source].append(i)
    rows: list[list[Cell]] = []
    for source, indices in sorted(groups.items()):
        acc = CERAccumulator()
        acc.update([part.refs[i] for i in indices], [part.hyps[i] for i in indices])
        rows.append([source, str(acc.lines), pct(acc.cer), pct(acc.line_accuracy), f"{acc.one_minus_ned:.4f}"])
    doc.heading(level, "Per source")
    doc.table(["source", "lines", "CER", "exact lines", "1 − NED"], rows)


def add_set(doc: Document, recording: RecordingModel, part: SetResult, figures: Path, slug: str, worst: int,
            pairs: int, level: int = 2) -> None:
    """Every section of one evaluated set, with its figures written under ``figures``."""
    _metrics(doc, part, level)
    _per_source(doc, part, level)
    _rejection(doc, part, figures, slug, level)
    _worst(doc, recording, part, figures, slug, worst, level)
    _confusions(doc, recording, part, figures, slug, pairs, level)
