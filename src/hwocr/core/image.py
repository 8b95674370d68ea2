"""Line images in, uint8 grayscale at the model height out: the one image path of hwocr. Torch-free.

Decoding files, accepting whatever a caller hands the runtime, and resizing all live here, so
training, evaluation and the production runtime read a pixel the same way.

Accepted by ``to_grayscale``: a path (str or Path), a PIL image, or a numpy array that is grayscale (H, W) or
(H, W, 1), RGB (H, W, 3) or RGBA (H, W, 4); uint8, other integers within 0..255, or floats in
0..255 (the model's own scale). Every error is a ValueError naming the input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, UnidentifiedImageError

# Paper is white: images and batch padding are 255, ink is dark.
PAD_VALUE = 255.0

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

ImageInput = str | Path | Image.Image | np.ndarray


def describe_input(image: Any, index: int) -> str:
    """How errors and results name an input: its path, else its position in the call."""
    if isinstance(image, str | Path):
        return str(image)
    return f"images[{index}]"


def _pil_to_gray(image: Image.Image) -> np.ndarray:
    if image.mode in ("RGBA", "LA", "P", "PA"):
        # Transparent regions are paper, not black.
        rgba = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba)
    return np.asarray(image.convert("L"), dtype=np.uint8)


def _array_to_uint8(array: np.ndarray, where: str) -> np.ndarray:
    if array.dtype == np.uint8:
        return array
    if array.dtype == np.bool_ or not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
        raise ValueError(f"{where}: unsupported dtype {array.dtype} (use uint8, or floats in 0..255)")
    if array.size and not np.all(np.isfinite(array)):
        raise ValueError(f"{where}: image holds NaN or infinite values")
    low, high = (float(array.min()), float(array.max())) if array.size else (0.0, 0.0)
    if low < 0 or high > 255:
        raise ValueError(f"{where}: pixel values {low:g}..{high:g} are outside 0..255 ({array.dtype})")
    if np.issubdtype(array.dtype, np.floating) and array.size and high <= 1.0:
        # An all-dark 0..255 image is no text line, but a 0..1 image is a common mistake: say so.
        raise ValueError(f"{where}: float pixels lie in 0..1; the runtime reads floats as 0..255 (multiply by 255)")
    return np.rint(array).astype(np.uint8)


def _array_to_gray(array: np.ndarray, where: str) -> np.ndarray:
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim == 2:
        return _array_to_uint8(array, where)
    if array.ndim == 3 and array.shape[2] in (3, 4):
        if 0 in array.shape[:2]:
            raise ValueError(f"{where}: empty image ({array.shape[1]}x{array.shape[0]})")
        mode = "RGB" if array.shape[2] == 3 else "RGBA"
        return _pil_to_gray(Image.fromarray(np.ascontiguousarray(_array_to_uint8(array, where)), mode))
    raise ValueError(f"{where}: expected an (H, W), (H, W, 1), (H, W, 3) or (H, W, 4) array, got shape {array.shape}")


def to_grayscale(image: ImageInput, where: str) -> np.ndarray:
    """A uint8 (H, W) array, white paper, for one input; ValueError naming ``where`` otherwise."""
    if isinstance(image, str | Path):
        try:
            return load_grayscale(image)
        except FileNotFoundError as exc:
            raise ValueError(str(exc)) from None
        except ValueError:
            raise
        except OSError as exc:  # a directory, no permission, ...
            raise ValueError(f"{where}: cannot read image ({exc})") from exc
    if isinstance(image, Image.Image):
        try:
            return _pil_to_gray(image)
        except (OSError, ValueError) as exc:
            raise ValueError(f"{where}: cannot convert PIL image ({exc})") from exc
    if isinstance(image, np.ndarray):
        return _array_to_gray(image, where)
    raise ValueError(f"{where}: unsupported input type {type(image).__name__} (path, PIL image or numpy array)")
