"""Reading line images and bringing them to the model height. Torch-free."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

# A 64 px line wider than 64 * 64 = 4096 px is almost surely a mis-cropped page, not a line.
DEFAULT_MAX_ASPECT = 64.0


def load_grayscale(path: str | Path) -> np.ndarray:
    """Decode an image file to uint8 grayscale; errors name the file."""
    try:
        with Image.open(path) as im:
            im.load()
            if im.mode in ("RGBA", "LA", "P"):
                # Transparent regions are paper, not black.
                rgba = im.convert("RGBA")
                bg = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
                im = Image.alpha_composite(bg, rgba)
            return np.asarray(im.convert("L"), dtype=np.uint8)
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: image file not found") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValueError(f"{path}: cannot decode image ({exc})") from exc


def image_size(path: str | Path) -> tuple[int, int]:
    """(width, height) from the file header only, without decoding pixels."""
    try:
        with Image.open(path) as im:
            return im.size
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: image file not found") from None
    except (UnidentifiedImageError, OSError) as exc:
        raise ValueError(f"{path}: cannot read image header ({exc})") from exc


def scaled_width(width: int, height: int, target_height: int, min_width: int = 1) -> int:
    return max(min_width, round(width * target_height / height))


def resize_to_height(
    image: np.ndarray,
    height: int,
    max_aspect: float = DEFAULT_MAX_ASPECT,
    min_width: int = 8,
    where: str = "image",
) -> np.ndarray:
    """Scale a uint8 (H, W) image to ``height`` keeping its aspect ratio.

    Rejects empty images and absurd aspect ratios with a ValueError naming ``where``.
    """
    if image.ndim != 2:
        raise ValueError(f"{where}: expected a 2-D grayscale array, got shape {image.shape}")
    h, w = image.shape
    if h == 0 or w == 0:
        raise ValueError(f"{where}: empty image ({w}x{h})")
    if w / h > max_aspect:
        raise ValueError(f"{where}: aspect ratio {w}/{h} = {w / h:.0f} exceeds max_aspect {max_aspect:g}")
    new_w = scaled_width(w, h, height, min_width)
    if (h, w) == (height, new_w):
        return image
    resample = Image.Resampling.BILINEAR if h < height else Image.Resampling.BOX
    return np.asarray(Image.fromarray(image).resize((new_w, height), resample), dtype=np.uint8)
