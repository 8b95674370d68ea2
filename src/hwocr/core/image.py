"""Line images in, uint8 grayscale at the model height out: the one image path of hwocr. Torch-free.

Decoding files, accepting whatever a caller hands the runtime, and resizing all live here, so
training, evaluation and the production runtime read a pixel the same way.

Accepted by ``to_grayscale``: a path (str or Path), a PIL image, or a numpy array that is grayscale (H, W) or
(H, W, 1), RGB (H, W, 3) or RGBA (H, W, 4); uint8, other integers within 0..255, or floats in
0..255 (the model's own scale). Every error is a ValueError naming the input.

Files and PIL images are read by what they hold, not clipped to 8 bits: 16-bit grayscale
(``I;16``) scales 0..65535 to 0..255; 32-bit ``I`` and float ``F`` images by their value range
(see ``_wide_to_uint8``); CMYK, palette and transparent images become white paper with dark ink;
the EXIF orientation a camera or scanner wrote is applied first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

# Paper is white: images and batch padding are 255, ink is dark.
PAD_VALUE = 255.0

# A 64 px line wider than 64 * 64 = 4096 px is almost surely a mis-cropped page, not a line.
DEFAULT_MAX_ASPECT = 64.0
# A crop ten times taller than wide is a column (an unrotated vertical line, a crop turned by
# 90°), not a horizontal line: resized to the model height it would be squashed to a few pixels.
# (A tightly cropped "1" is about 1:5; after normalize_line's margins about 1:3.)
DEFAULT_MIN_ASPECT = 1 / 10

# Pillow's own errors for files that are not (whole) images. DecompressionBombError is none of
# OSError / ValueError, so it is named here: one huge scan must not abort a whole batch.
_DECODE_ERRORS = (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError)


def _wide_to_uint8(array: np.ndarray, bits16: bool) -> np.ndarray:
    """Pixels of a 16-bit, 32-bit integer or float image on 0..255.

    ``bits16`` (mode ``I;16*``): 0..65535 -> 0..255. Otherwise by the values present: within
    0..1 (floats) -> x 255; within 0..255 -> as is; within 0..65535 -> 16-bit; anything else is
    stretched from its minimum to its maximum (an image has no other scale to go by).
    """
    values = array.astype(np.float64)
    if values.size == 0:
        return values.astype(np.uint8)
    if not np.all(np.isfinite(values)):
        values = np.nan_to_num(values, nan=255.0, posinf=255.0, neginf=0.0)
    low, high = float(values.min()), float(values.max())
    if bits16 or (low >= 0 and 255 < high <= 65535 and np.issubdtype(array.dtype, np.integer)):
        scaled = values / 257.0
    elif low >= 0 and high <= 1.0 and np.issubdtype(array.dtype, np.floating):
        scaled = values * 255.0
    elif low >= 0 and high <= 255:
        scaled = values
    elif low >= 0 and high <= 65535:
        scaled = values / 257.0
    else:
        scaled = (values - low) * (255.0 / max(high - low, 1e-12))
    return np.clip(np.rint(scaled), 0, 255).astype(np.uint8)


def _pil_to_gray(image: Image.Image, orient: bool = True) -> np.ndarray:
    """uint8 (H, W) of any PIL image, transparency as paper; ``orient`` applies its EXIF orientation."""
    if orient:
        image = ImageOps.exif_transpose(image)
    if image.mode.startswith("I;16"):
        return _wide_to_uint8(np.asarray(image), bits16=True)
    if image.mode in ("I", "F"):
        return _wide_to_uint8(np.asarray(image), bits16=False)
    if image.mode in ("RGBA", "LA", "P", "PA", "La", "RGBa") or "transparency" in image.info:
        # Transparent regions are paper, not black.
        rgba = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba)
    return np.asarray(image.convert("L"), dtype=np.uint8)


def load_grayscale(path: str | Path) -> np.ndarray:
    """Decode an image file to uint8 grayscale; errors name the file."""
    try:
        with Image.open(path) as im:
            im.load()
            return _pil_to_gray(im)
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: image file not found") from None
    except IsADirectoryError:
        raise ValueError(f"{path}: is a folder, not an image file") from None
    except Image.DecompressionBombError as exc:
        raise ValueError(f"{path}: image too large to decode safely ({exc})") from exc
    except _DECODE_ERRORS as exc:
        raise ValueError(f"{path}: cannot decode image ({exc})") from exc


def image_size(path: str | Path) -> tuple[int, int]:
    """(width, height) from the file header only, without decoding pixels, after EXIF orientation."""
    try:
        with Image.open(path) as im:
            width, height = im.size
            # Orientations 5..8 turn the image by 90 degrees: width and height swap.
            if im.getexif().get(ExifTags.Base.Orientation, 1) in (5, 6, 7, 8):
                return height, width
            return width, height
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: image file not found") from None
    except Image.DecompressionBombError as exc:
        raise ValueError(f"{path}: image too large to decode safely ({exc})") from exc
    except _DECODE_ERRORS as exc:
        raise ValueError(f"{path}: cannot read image header ({exc})") from exc


def scaled_width(width: int, height: int, target_height: int, min_width: int = 1) -> int:
    return max(min_width, round(width * target_height / height))


def check_aspect(
    width: int, height: int, where: str, max_aspect: float = DEFAULT_MAX_ASPECT, min_aspect: float = DEFAULT_MIN_ASPECT
) -> None:
    """ValueError naming ``where`` for an empty image or an aspect ratio no text line has."""
    if height == 0 or width == 0:
        raise ValueError(f"{where}: empty image ({width}x{height})")
    if width / height > max_aspect:
        raise ValueError(
            f"{where}: aspect ratio {width}/{height} = {width / height:.0f} exceeds max_aspect {max_aspect:g}"
        )
    if min_aspect and width / height < min_aspect:
        raise ValueError(
            f"{where}: {width}x{height} is {height / width:.0f} times taller than wide (min_aspect {min_aspect:g}); "
            "a column or a crop turned by 90 degrees would be squashed to a few pixels: rotate it to a "
            "horizontal line (vertical text: a model exported with vertical_policy=rotate_ccw turns it)"
        )


def resize_to_height(
    image: np.ndarray,
    height: int,
    max_aspect: float = DEFAULT_MAX_ASPECT,
    min_width: int = 8,
    where: str = "image",
    min_aspect: float = DEFAULT_MIN_ASPECT,
) -> np.ndarray:
    """Scale a uint8 (H, W) image to ``height`` keeping its aspect ratio.

    Rejects empty images and absurd aspect ratios (wider than ``max_aspect``, or taller than
    ``1 / min_aspect`` times the width) with a ValueError naming ``where``.
    """
    if image.ndim != 2:
        raise ValueError(f"{where}: expected a 2-D grayscale array, got shape {image.shape}")
    h, w = image.shape
    check_aspect(w, h, where, max_aspect, min_aspect)
    new_w = scaled_width(w, h, height, min_width)
    if (h, w) == (height, new_w):
        return image
    resample = Image.Resampling.BILINEAR if h < height else Image.Resampling.BOX
    return np.asarray(Image.fromarray(image).resize((new_w, height), resample), dtype=np.uint8)


def stretch_width(line: np.ndarray, factor: float, min_width: int = 8) -> np.ndarray:
    """A uint8 (H, W) line made ``factor`` times as wide at the same height (reading at several widths)."""
    if not factor > 0:
        raise ValueError(f"width stretch must be positive, got {factor}")
    h, w = line.shape
    new_w = max(min_width, round(w * factor))
    if new_w == w:
        return line
    resample = Image.Resampling.BOX if new_w < w else Image.Resampling.BILINEAR
    return np.asarray(Image.fromarray(line).resize((new_w, h), resample), dtype=np.uint8)


ImageInput = str | Path | Image.Image | np.ndarray


def describe_input(image: Any, index: int) -> str:
    """How errors and results name an input: its path, else its position in the call."""
    if isinstance(image, str | Path):
        return str(image)
    return f"images[{index}]"


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
        return _pil_to_gray(Image.fromarray(np.ascontiguousarray(_array_to_uint8(array, where)), mode), orient=False)
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
