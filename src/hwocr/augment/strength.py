"""One ``strength`` scalar that scales every magnitude of a pipeline config before it is built.

A magnitude argument (a rotation range, a noise level, a JPEG quality) is moved towards the value
at which its transform does nothing: ``identity + strength * (value - identity)``. So strength 0
is (near) identity, 1 is the config as written, and 2 doubles every deviation (clamped to the
argument's valid range). Probabilities and arguments that are choices (border mode, fill,
kernel shapes) are never scaled.

hwocr's own transforms declare their magnitudes in a ``magnitudes`` class attribute; the
albumentations transforms the configs use are described in ``ALBUMENTATIONS_MAGNITUDES``. An
albumentations argument that is in neither that table nor ``FIXED_ARGUMENTS`` is an error, so a
new transform in a config cannot silently ignore the strength knob.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import hydra


@dataclass(frozen=True)
class Magnitude:
    """How to scale one argument: towards ``identity``, clamped to [low, high], maybe to odd ints."""

    identity: float
    low: float = -math.inf
    high: float = math.inf
    integer: bool = False
    odd: bool = False  # kernel sizes

    def scale(self, value: float, strength: float) -> float | int:
        out = min(max(self.identity + strength * (float(value) - self.identity), self.low), self.high)
        if self.odd:
            return max(int(self.low), 2 * math.floor(out / 2) + 1)
        return round(out) if self.integer else out


_ZERO = Magnitude(0.0)
_UNIT = Magnitude(0.0, -1.0, 1.0)
_KERNEL = Magnitude(3, 3, 99, odd=True)  # the smallest kernel is the mildest one

ALBUMENTATIONS_MAGNITUDES: dict[str, dict[str, Magnitude]] = {
    "Affine": {"scale": Magnitude(1.0, 0.05), "rotate": _ZERO, "shear": _ZERO, "translate_percent": _UNIT},
    "ElasticTransform": {"alpha": Magnitude(0.0, 0.0)},
    "GaussianBlur": {"blur_limit": _KERNEL, "sigma_limit": Magnitude(0.05, 0.05)},
    "MotionBlur": {"blur_limit": _KERNEL},
    "RandomBrightnessContrast": {"brightness_limit": _UNIT, "contrast_limit": _UNIT},
    "GaussNoise": {"std_range": Magnitude(0.0, 0.0, 1.0)},
    "ImageCompression": {"quality_range": Magnitude(100, 1, 100, integer=True)},
    "OneOf": {},
    "SomeOf": {},
    "Sequential": {},
}

# Arguments that choose how, not how much.
FIXED_ARGUMENTS = frozenset({
    "p", "fill", "fill_mask", "border_mode", "interpolation", "mask_interpolation", "fit_output",
    "keep_ratio", "rotate_method", "balanced_scale", "sigma", "approximate", "same_dxdy",
    "noise_distribution", "per_channel", "mean_range", "noise_scale_factor", "compression_type",
    "brightness_by_max", "ensure_safe_range", "allow_shifted", "angle_range", "direction_range",
    "n", "replace",
})  # fmt: skip


def magnitudes_of(target: str, where: str) -> dict[str, Magnitude] | None:
    """The magnitude table of ``target`` (a class path); None for albumentations' strict check."""
    cls = hydra.utils.get_class(target)
    own = getattr(cls, "magnitudes", None)
    if own is not None:
        return dict(own)
    if cls.__module__.split(".")[0] == "albumentations" and cls.__name__ in ALBUMENTATIONS_MAGNITUDES:
        return None
    raise ValueError(
        f"{where}: {target} has no magnitude table, so strength cannot scale it; add it to "
        "hwocr.augment.strength.ALBUMENTATIONS_MAGNITUDES or give the class a `magnitudes` attribute"
    )


def _scale_value(value: Any, magnitude: Magnitude, strength: float) -> Any:
    if isinstance(value, Mapping):  # Affine's {x: [..], y: [..]}
        return {k: _scale_value(v, magnitude, strength) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scale_value(v, magnitude, strength) for v in value]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"not a number: {value!r}")
    return magnitude.scale(value, strength)


def scale_transform_config(node: Mapping[str, Any], strength: float, where: str = "transform") -> dict[str, Any]:
    """A copy of one transform's config (a plain dict with ``_target_``) with magnitudes scaled."""
    if "_target_" not in node:
        raise ValueError(f"{where}: every transform needs a _target_, got keys {sorted(node)}")
    target = str(node["_target_"])
    table = magnitudes_of(target, where)
    strict = table is None
    if strict:
        table = ALBUMENTATIONS_MAGNITUDES[hydra.utils.get_class(target).__name__]
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "transforms":  # OneOf / SomeOf / Sequential
            out[key] = [scale_transform_config(t, strength, f"{where}.transforms[{i}]") for i, t in enumerate(value)]
        elif key in table:
            try:
                out[key] = _scale_value(value, table[key], strength)
            except TypeError as err:
                raise ValueError(f"{where} ({target}): argument {key}: {err}") from None
        elif strict and not key.startswith("_") and key not in FIXED_ARGUMENTS:
            raise ValueError(
                f"{where} ({target}): argument {key!r} is neither a known magnitude nor a fixed choice; "
                "add it to hwocr.augment.strength.ALBUMENTATIONS_MAGNITUDES or FIXED_ARGUMENTS"
            )
        else:
            out[key] = value
    return out
