"""After training: export the best checkpoint to ONNX and read fresh lines back without torch."""

from __future__ import annotations

import logging
from pathlib import Path

from omegaconf import DictConfig
from PIL import Image

from hwocr.core.manifest import write_manifest
from hwocr.data.datamodule import LineDataModule
from hwocr.export.checkpoint_export import export_checkpoint
from hwocr.metrics.cer import CERAccumulator
from hwocr.runtime.ar_recognizer import open_recognizer
from hwocr.utils.threads import resolve_threads

log = logging.getLogger(__name__)


def has_fresh_lines(dataset: object) -> bool:
    """Whether indices past ``len(dataset)`` give new lines: true of rendered (synthetic) data only.
    A manifest would wrap around to validation lines, a store has nothing there."""
    return bool(getattr(dataset, "renders_fresh_lines", False))


def write_prediction_lines(datamodule: LineDataModule, folder: Path, count: int) -> Path | None:
    """Render ``count`` validation-style lines never used for validation, as PNGs + a manifest;
    None (nothing written) when the validation data cannot give unseen lines."""
    dataset = datamodule.dataset("val")
    if not has_fresh_lines(dataset):
        return None
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for k in range(count):
        # Indices past the validation size are fresh lines from the same generator.
        sample = dataset[len(dataset) + k]
        name = f"line_{k:03d}.png"
        Image.fromarray(sample["image"]).save(folder / name)
        rows.append((name, sample["text"]))
    return write_manifest(rows, folder / "lines.tsv")


def export_and_predict(cfg: DictConfig, checkpoint: Path, datamodule: LineDataModule, output_dir: Path) -> dict:
    summary = export_checkpoint(checkpoint, output_dir / "model.onnx", quantize=cfg.export.get("quantize"))
    out: dict = {"onnx": summary["onnx"]}
    if "quantized" in summary:
        out["onnx_quantized"] = summary["quantized"]
    print(f"\nexported  {summary['onnx']}")
    if not cfg.predict.get("enabled"):
        return out
    manifest = write_prediction_lines(datamodule, output_dir / "predict", int(cfg.predict.num_lines))
    if manifest is None:
        name = type(datamodule.dataset("val")).__name__
        log.info("predict: skipped, the validation data (%s) has no fresh lines (only synthetic data renders "
                 "unseen lines); run hwocr-predict on a held-out manifest instead", name)
        print(f"predict   skipped: {name} validation data has no fresh lines to read back")
        return out
    lines = [line.split("\t") for line in manifest.read_text(encoding="utf-8").splitlines()]
    recognizer = open_recognizer(summary["onnx"], threads=resolve_threads(cfg.get("threads")))
    predictions = recognizer.predict([manifest.parent / rel for rel, _ in lines])
    acc = CERAccumulator()
    acc.update([text for _, text in lines], [p.text for p in predictions])
    print(f"predicted {len(predictions)} fresh lines with the torch-free runtime (CER {acc.cer:.2%}):")
    for (rel, text), pred in zip(lines, predictions, strict=True):
        mark = "✓" if pred.text == text else "✗"
        print(f"  {manifest.parent / rel}\t{pred.text}\t{mark} truth={text} conf={pred.confidence:.2f}")
    out.update({"predict/manifest": str(manifest), "predict/cer": acc.cer})
    return out
