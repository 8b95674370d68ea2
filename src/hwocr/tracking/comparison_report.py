"""Comparison report over run directories: Markdown + HTML tables, PNG plots, best run's samples.

Works from the run directories alone (no W&B server): swept parameters from each run's
``.hydra/overrides.yaml``, final metrics from ``metrics.json``, curves from ``csv/metrics.csv``
or the offline W&B run, samples from ``predictions/val.json``.
"""

from __future__ import annotations

import html
import math
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from hwocr.metrics.scripts import SCRIPTS
from hwocr.tracking.plots import plot_cer_vs_speed, plot_curves
from hwocr.tracking.run_records import RunRecord

METRIC_COLUMNS = ("val/cer", "val/loss", "val/line_accuracy", "val/infer_lines_per_s", "parameters", "train_seconds", "global_step")
SPEED_KEYS = ("val/infer_lines_per_s", "val/lines_per_s")


@dataclass
class ComparisonReport:
    markdown: Path
    html: Path
    plots: list[Path] = field(default_factory=list)
    best: RunRecord | None = None


def swept_keys(runs: Sequence[RunRecord]) -> list[str]:
    """Override keys whose value is not the same in every run, in first-seen order."""
    keys = list(dict.fromkeys(k for r in runs for k in r.overrides))
    if len(runs) == 1:
        return keys
    return [k for k in keys if len({r.overrides.get(k) for r in runs}) > 1]


def fixed_overrides(runs: Sequence[RunRecord], swept: Sequence[str]) -> dict[str, str]:
    if not runs:
        return {}
    return {k: v for k, v in runs[0].overrides.items() if k not in swept}


def short_value(value: str | None) -> str:
    if value is None:
        return "—"
    if len(value) <= 10:
        return value
    try:
        return f"{float(value):.4g}"  # Optuna's 0.0012345678901 -> 0.001235
    except ValueError:
        return value


def run_ids(runs: Sequence[RunRecord]) -> list[str]:
    """``#<job>``, or ``#<sweep>/<job>`` when runs of several sweeps share job numbers (``<sweep>``
    shortened to its last 8 characters, the time in Hydra's dated sweep folders, when still unique)."""
    if len({r.job for r in runs}) == len(runs):
        return [f"#{r.job}" for r in runs]
    for width in (8, None):
        ids = [f"#{r.path.parent.name[-width if width else 0:]}/{r.job}" for r in runs]
        if len(set(ids)) == len(ids):
            return ids
    return [f"#{r.path.parent.name}/{r.job}" for r in runs]


def run_label(run_id: str, run: RunRecord, swept: Sequence[str]) -> str:
    parts = [f"{k.rsplit('.', 1)[-1]}={short_value(run.overrides.get(k))}" for k in swept[:3]]
    return run_id + (f" {' '.join(parts)}" if parts else "")


def pick_best(runs: Sequence[RunRecord], metric: str, mode: str = "min") -> RunRecord | None:
    scored = [r for r in runs if r.status == "completed" and r.value(metric) is not None]
    if not scored:
        return None
    sign = 1.0 if mode == "min" else -1.0
    # Ties (e.g. every run still at CER 1.0 early in training) go to the lower validation loss.
    return min(scored, key=lambda r: (sign * r.value(metric), r.value("val/loss") or math.inf))


def speed_of(run: RunRecord) -> float | None:
    for key in SPEED_KEYS:
        if run.value(key) is not None:
            return run.value(key)
    return None


def format_metric(value: float | None, key: str) -> str:
    if value is None:
        return "—"
    if key in ("parameters", "global_step"):
        return f"{int(value):,}"
    if "cer" in key or "accuracy" in key or "loss" in key:
        return f"{value:.4f}"
    return f"{value:.1f}"


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when below it: reports stay relocatable."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def optuna_summaries(runs: Sequence[RunRecord]) -> list[tuple[Path, dict]]:
    """``optimization_results.yaml`` files the Optuna sweeper left in the runs' sweep folders."""
    out = []
    for folder in dict.fromkeys(r.path.parent for r in runs):
        file = folder / "optimization_results.yaml"
        if file.is_file():
            out.append((file, yaml.safe_load(file.read_text(encoding="utf-8")) or {}))
    return out


def _table(header: list[str], rows: list[list[str]]) -> tuple[str, str]:
    """The same table as Markdown and HTML."""
    md_cell = lambda s: str(s).replace("|", "\\|").replace("\n", " ")  # noqa: E731
    md = ["| " + " | ".join(map(md_cell, header)) + " |", "|" + "---|" * len(header)]
    md += ["| " + " | ".join(map(md_cell, row)) + " |" for row in rows]
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    return "\n".join(md), f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class _Document:
    """One report built twice, as Markdown and as HTML, block by block in the same order."""

    def __init__(self, title: str, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.md: list[str] = [f"# {title}", ""]
        self.html: list[str] = [f"<h1>{html.escape(title)}</h1>"]

    def section(self, name: str) -> None:
        self.md.extend(["", f"## {name}", ""])
        self.html.append(f"<h2>{html.escape(name)}</h2>")

    def paragraph(self, text: str) -> None:
        self.md.extend([text, ""])
        self.html.append(f"<p>{html.escape(text)}</p>")

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        m, h = _table(header, rows)
        self.md.extend([m, ""])
        self.html.append(h)

    def image(self, path: Path, alt: str) -> None:
        rel = path.relative_to(self.out_dir).as_posix()
        self.md.extend([f"![{alt}]({rel})", ""])
        self.html.append(f'<p><img src="{html.escape(rel)}" alt="{html.escape(alt)}"></p>')


def write_report(
    runs: Sequence[RunRecord],
    out_dir: Path,
    metric: str = "val/cer",
    mode: str = "min",
    title: str = "hwocr run comparison",
) -> ComparisonReport:
    """Write ``report.md`` and ``report.html`` (plus PNG plots and the best run's samples) to ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    swept = swept_keys(runs)
    labels = [run_label(i, r, swept) for i, r in zip(run_ids(runs), runs, strict=True)]
    best = pick_best(runs, metric, mode)
    doc = _Document(title, out_dir)
    completed = sum(r.status == "completed" for r in runs)
    doc.paragraph(f"{len(runs)} runs ({completed} completed, {len(runs) - completed} failed or incomplete); "
                  f"ranked by {metric} ({mode}), ties by val/loss.")
    if best is not None:
        doc.paragraph(f"Best: {labels[runs.index(best)]} with {metric} = {best.value(metric):.4f} "
                      f"({display_path(best.path)}).")
    _runs_table(doc, runs, labels, swept, best)
    _failures_and_studies(doc, runs, labels)
    plots = _plots(doc, runs, labels, best, metric)
    if best is not None and best.predictions:
        _best_samples(doc, best)
    report_md = out_dir / "report.md"
    report_md.write_text("\n".join(doc.md).rstrip() + "\n", encoding="utf-8")
    report_html = out_dir / "report.html"
    report_html.write_text(_html_page(title, "\n".join(doc.html)), encoding="utf-8")
    return ComparisonReport(report_md, report_html, plots, best)


def _runs_table(
    doc: _Document, runs: Sequence[RunRecord], labels: list[str], swept: list[str], best: RunRecord | None
) -> None:
    scripts = [s for s in SCRIPTS if any(r.value(f"val/cer_{s}") is not None for r in runs)]
    doc.section("Runs")
    header = ["run", "status", *swept, *METRIC_COLUMNS, *[f"cer {s}" for s in scripts]]
    rows = []
    for run, label in zip(runs, labels, strict=True):
        row = [label.split(" ")[0] + (" ★" if run is best else ""), run.status]
        row += [short_value(run.overrides.get(k)) for k in swept]
        row += [format_metric(run.value(k), k) for k in METRIC_COLUMNS]
        row += [format_metric(run.value(f"val/cer_{s}"), "cer") for s in scripts]
        rows.append(row)
    doc.table(header, rows)
    fixed = fixed_overrides(runs, swept)
    if fixed:
        doc.paragraph("Same in every run: " + " ".join(f"{k}={v}" for k, v in fixed.items()))


def _failures_and_studies(doc: _Document, runs: Sequence[RunRecord], labels: list[str]) -> None:
    failed = [(label, r) for r, label in zip(runs, labels, strict=True) if r.status == "failed"]
    if failed:
        doc.section("Failed runs")
        doc.table(["run", "error"], [[label, str(r.metrics.get("error", ""))[:300]] for label, r in failed])
    for file, summary in optuna_summaries(runs):
        doc.section("Optuna")
        doc.paragraph(f"{display_path(file)}: best value {summary.get('best_value')} with "
                      + ", ".join(f"{k}={v}" for k, v in (summary.get("best_params") or {}).items()))


def _plots(
    doc: _Document, runs: Sequence[RunRecord], labels: list[str], best: RunRecord | None, metric: str
) -> list[Path]:
    plots: list[Path] = []
    doc.section("Validation CER over training")
    curve = plot_curves(runs, labels, "val/cer", doc.out_dir / "val_cer.png", "validation CER")
    if curve:
        plots.append(curve)
        doc.image(curve, "validation CER per run")
    else:
        doc.paragraph("No run logged a val/cer history (enable logger=csv or logger=many).")
    # Early in training CER often sits at 1.0 for every run (the CTC plateau); the loss still ranks them.
    loss = plot_curves(runs, labels, "val/loss", doc.out_dir / "val_loss.png", "validation loss (CTC)")
    if loss:
        plots.append(loss)
        doc.image(loss, "validation loss per run")
    doc.section("CER against inference speed")
    points = [(label.split(" ")[0], speed_of(r), r.value(metric)) for r, label in zip(runs, labels, strict=True)
              if speed_of(r) is not None and r.value(metric) is not None and r.status == "completed"]
    scatter = plot_cer_vs_speed([p for p in points if not math.isnan(p[2])], doc.out_dir / "cer_vs_speed.png",
                                best=labels[runs.index(best)].split(" ")[0] if best else None)
    if scatter:
        plots.append(scatter)
        doc.image(scatter, "CER against inference speed")
    return plots


def _best_samples(doc: _Document, best: RunRecord) -> None:
    report = best.predictions or {}
    doc.section(f"Sample predictions of the best run ({best.path.parent.name}/{best.job}, step {report.get('step')})")
    sample_dir = doc.out_dir / "best_samples"
    sample_dir.mkdir(exist_ok=True)
    md_rows = ["| image | reference | prediction | CER |", "|---|---|---|---|"]
    html_rows = []
    for k, s in enumerate(report.get("samples", [])):
        cell_md = cell_html = ""
        src = best.path / "predictions" / s["image"] if s.get("image") else None
        if src is not None and src.is_file():
            dst = sample_dir / f"{k:03d}.png"
            shutil.copyfile(src, dst)
            rel = dst.relative_to(doc.out_dir).as_posix()
            cell_md, cell_html = f"![{k}]({rel})", f'<img src="{rel}" alt="{k}">'
        ref, hyp = s.get("reference", ""), s.get("prediction", "")
        md_rows.append(f"| {cell_md} | {ref} | {hyp} | {s.get('cer', 0):.3f} |")
        html_rows.append(f"<tr><td>{cell_html}</td><td>{html.escape(ref)}</td><td>{html.escape(hyp)}</td>"
                         f"<td>{s.get('cer', 0):.3f}</td></tr>")
    doc.md.extend([*md_rows, ""])
    doc.html.append("<table><thead><tr><th>image</th><th>reference</th><th>prediction</th><th>CER</th></tr></thead>"
                    f"<tbody>{''.join(html_rows)}</tbody></table>")
    by_script = report.get("cer_by_script") or {}
    if by_script:
        doc.section("Best run: CER per script")
        doc.table(list(by_script), [[f"{v:.4f}" for v in by_script.values()]])
    confusions = report.get("confusions") or []
    if confusions:
        doc.section("Best run: top confusions")
        doc.table(["reference", "prediction", "count"],
                  [[c["reference"] or "∅", c["prediction"] or "∅", str(c["count"])] for c in confusions[:15]])


def _html_page(title: str, body: str) -> str:
    style = ("body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
             "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;"
             "font-size:13px}th{background:#f3f3f3}img{max-width:100%}")
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{style}</style></head>\n<body>\n{body}\n</body></html>\n")
