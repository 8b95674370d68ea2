"""``hwocr-export``: the Hydra app around ``hwocr.export.checkpoint_export.export_checkpoint``."""

from __future__ import annotations

import json

import hydra
from omegaconf import DictConfig

from hwocr.export.checkpoint_export import export_checkpoint
from hwocr.utils.files import CONFIG_DIR
from hwocr.utils.threads import resolve_threads


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="export")
def main(cfg: DictConfig) -> None:
    summary = export_checkpoint(
        cfg.checkpoint,
        cfg.output,
        cfg.quantize,
        opset=cfg.opset,
        check=cfg.check,
        simplify=cfg.simplify,
        calibration=cfg.calibration,
        evaluation=cfg.evaluation,
        num_lines=cfg.num_lines,
        dataset_parity=cfg.dataset_parity,
        batch_size=cfg.batch_size,
        threads=resolve_threads(cfg.threads),
    )
    table = summary.pop("precision_table", None)
    print(json.dumps({k: v for k, v in summary.items() if k != "metadata"}, indent=2, ensure_ascii=False))
    if table:
        print(table)


if __name__ == "__main__":
    main()
