"""Read every line of a kraken list file with a trained kraken model (kraken's venv).

Uses kraken 7's Python API (``kraken.tasks.RecognitionTaskModel``) the way ``kraken -i IMG OUT
ocr --no-segmentation`` does: each PNG is one line, its whole image the line's box. Writes one
JSON object per line (image, hypothesis) and a summary with the reading time, so hwocr's CER code
can score the hypotheses (score.py) against the same references as hwocr's own model.

    python kraken_predict.py MODEL.safetensors VAL.lst PREDICTIONS.jsonl [THREADS]
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from pathlib import Path

import torch
from kraken.configs import RecognitionInferenceConfig
from kraken.containers import BBoxLine, Segmentation
from kraken.lib.util import open_image
from kraken.tasks import RecognitionTaskModel


def read_lines(model_path: Path, images: list[Path]) -> tuple[list[str], float, float, float, int]:
    """Hypotheses, load s, reading wall s and CPU s (image load + extraction + forward + decode), parameters."""
    t0 = time.perf_counter()
    model = RecognitionTaskModel.load_model(model_path)
    # In-process line extraction: a worker pool would compete for the same 2 cores.
    config = RecognitionInferenceConfig(accelerator="cpu", device=1, num_line_workers=0)
    load_s = time.perf_counter() - t0
    hyps: list[str] = []
    t1, cpu1 = time.perf_counter(), time.process_time()
    for image_path in images:
        im = open_image(image_path)
        seg = Segmentation(type="bbox", imagename=str(image_path), text_direction="horizontal-lr",
                           script_detection=False,
                           lines=[BBoxLine(id=f"_{uuid.uuid4()}", bbox=(0, 0, im.width, im.height))])
        records = list(model.predict(im=im, segmentation=seg, config=config))
        hyps.append("".join(r.prediction for r in records))
    return hyps, load_s, time.perf_counter() - t1, time.process_time() - cpu1, sum(p.numel() for p in model.parameters())


def main(argv: list[str]) -> None:
    if len(argv) not in (3, 4):
        sys.exit(__doc__)
    model_path, list_path, out_path = Path(argv[0]), Path(argv[1]), Path(argv[2])
    torch.set_num_threads(int(argv[3]) if len(argv) == 4 else 2)
    images = [Path(p) for p in list_path.read_text(encoding="utf-8").split("\n") if p.strip()]
    if not images:
        sys.exit(f"{list_path}: no image paths")
    hyps, load_s, read_s, read_cpu_s, parameters = read_lines(model_path, images)
    with out_path.open("w", encoding="utf-8") as fp:
        for image, hyp in zip(images, hyps, strict=True):
            fp.write(json.dumps({"image": str(image), "hyp": hyp}, ensure_ascii=False) + "\n")
    summary = {"model": str(model_path), "lines": len(images), "load_seconds": round(load_s, 2),
               "read_seconds": round(read_s, 2), "lines_per_s": round(len(images) / max(read_s, 1e-9), 1),
               "read_cpu_seconds": round(read_cpu_s, 2), "lines_per_cpu_s": round(len(images) / max(read_cpu_s, 1e-9), 1),
               "batch_size": 1, "threads": torch.get_num_threads(), "parameters": parameters}
    out_path.with_suffix(".summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary))


if __name__ == "__main__":
    main(sys.argv[1:])
