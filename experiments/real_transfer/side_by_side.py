"""Real katakana beside what the engine draws for the same characters, all normalised as the model sees them.

    python experiments/real_transfer/side_by_side.py /tmp/side_by_side.png [../shared/data/omniglot_katakana]

Rows: real (Omniglot, 3 drawers), the plain rich engine, the engine with the real-handwriting knobs.
Writes outside the repository: the real samples are the developers' (../shared), never copied here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from hydra import compose, initialize_config_dir
from hydra.utils import instantiate
from PIL import Image

from hwocr.cli.resolvers import register_resolvers
from hwocr.core.image import load_grayscale, resize_to_height
from hwocr.core.manifest import read_manifest
from hwocr.core.normalize import InputNormalization, normalize_line
from hwocr.synth.render.handwriting import HandwritingRenderer
from hwocr.utils.files import CONFIG_DIR

CHARS = "アカサタナハマヤラワキシ"
HEIGHT = 48


def cell(image: np.ndarray) -> np.ndarray:
    line = resize_to_height(normalize_line(image, InputNormalization()), HEIGHT, min_width=8)
    out = np.full((HEIGHT, 2 * HEIGHT), 255, np.uint8)
    w = min(line.shape[1], out.shape[1])
    out[:, :w] = line[:, :w]
    return out


def main(out: Path, shared: Path) -> None:
    entries = read_manifest(shared / "manifest.tsv")
    by_char: dict[str, list[Path]] = {}
    for e in entries:
        by_char.setdefault(e.text, []).append(e.image)
    register_resolvers()
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        real_cfg = compose(config_name="synth", overrides=["renderer=handwriting_real", "out=x"])
    engines = [HandwritingRenderer(height=64), instantiate(real_cfg.renderer)]
    rows = []
    for k in range(3):
        rows.append([cell(load_grayscale(by_char[c][k * 5])) for c in CHARS])
    for engine in engines:
        for seed in range(2):
            rows.append([cell(engine.render(c, np.random.default_rng([seed, i]))) for i, c in enumerate(CHARS)])
    sheet = np.concatenate([np.concatenate(r, axis=1) for r in rows], axis=0)
    Image.fromarray(sheet).save(out)
    print(f"wrote {out}: rows = 3 real drawers, 2 plain engine, 2 engine with knobs")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2] if len(sys.argv) > 2 else CONFIG_DIR.parent.parent / "shared/data/omniglot_katakana"))
