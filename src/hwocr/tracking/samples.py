"""Sample predictions of a validation pass, and their files in a run directory."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from hwocr.metrics.cer import edit_distance


@dataclass
class SamplePrediction:
    id: str
    ref: str
    hyp: str
    image: np.ndarray | None = None  # uint8 (H, W), white paper

    @property
    def cer(self) -> float:
        return edit_distance(self.ref, self.hyp) / max(len(self.ref), 1)


def write_prediction_report(
    folder: Path,
    split: str,
    step: int,
    samples: list[SamplePrediction],
    script_cer: dict[str, float],
    confusions: list[tuple[str, str, int]],
    lines_per_s: float | None = None,
) -> Path:
    """Write ``<split>.json`` and one PNG per sample under ``folder``; returns the JSON path.

    Overwritten at every validation, so after training it holds the best checkpoint's pass
    (the pipeline validates the best checkpoint last). ``hwocr-compare`` reads it.
    """
    image_dir = folder / split
    image_dir.mkdir(parents=True, exist_ok=True)
    records = []
    for k, s in enumerate(samples):
        record = {"id": s.id, "reference": s.ref, "prediction": s.hyp, "cer": round(s.cer, 4)}
        if s.image is not None:
            name = f"{k:03d}.png"
            Image.fromarray(s.image).save(image_dir / name)
            record["image"] = f"{split}/{name}"
        records.append(record)
    payload = {
        "split": split,
        "step": step,
        "lines_per_s": lines_per_s,
        "cer_by_script": script_cer,
        "confusions": [{"reference": r, "prediction": h, "count": c} for r, h, c in confusions],
        "samples": records,
    }
    path = folder / f"{split}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def read_prediction_report(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
