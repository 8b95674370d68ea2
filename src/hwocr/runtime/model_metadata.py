"""What an hwocr ONNX file says about itself: the schema shared by the exporter and the runtime.

Everything needed to run a model is stored in the ONNX ``metadata_props`` (string key/value
pairs; structured values are JSON), so the ``.onnx`` file alone is enough. Torch-free.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hwocr.core.charset import BLANK, Charset
from hwocr.core.image import PAD_VALUE

# Bumped when a key changes meaning; readers refuse files newer than they understand.
FORMAT_VERSION = 1
KEY_PREFIX = "hwocr."
# Vertical-line handling the runtime knows: keep the image as given, or turn a tall image 90°
# counter-clockwise so the top of the column becomes the left of a row.
VERTICAL_POLICIES = ("as_is", "rotate_ccw")


class MetadataError(ValueError):
    """An ONNX file lacks hwocr metadata or holds a version this runtime cannot read."""


@dataclass(frozen=True)
class FrameGeometry:
    """How input width maps to output frames: ``frames = max(0, (width + offset) // stride)``.

    Frame ``f`` looks at input columns around ``(f + 0.5) * stride - offset``; ``min_width`` is the
    narrowest input that still yields one frame.
    """

    stride: int
    offset: int = 0

    def frames(self, width: int) -> int:
        return max(0, (int(width) + self.offset) // self.stride)

    def frame_center(self, frame: int) -> float:
        return (frame + 0.5) * self.stride - self.offset

    @property
    def min_width(self) -> int:
        return max(1, self.stride - self.offset)


@dataclass(frozen=True)
class ModelMetadata:
    """The parsed metadata of one exported recognizer."""

    classes: list[str]
    normalize: str | None
    charset_name: str
    input_height: int
    frames: FrameGeometry
    channels: int = 1
    pad_value: float = PAD_VALUE
    max_aspect: float = 64.0
    vertical_policy: str = "as_is"
    vertical_aspect: float = 1.5
    precision: str = "fp32"
    model_name: str = ""
    config_name: str = ""
    metrics: dict[str, float] = field(default_factory=dict)
    hwocr_version: str = ""
    weights_sha256: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # hwocr.core.normalize.InputNormalization as a dict: polarity and ink re-margining applied to
    # every line before resizing, exactly as in training. None: lines go in as given.
    line_normalization: dict[str, Any] | None = None

    def charset(self) -> Charset:
        """The charset to decode with; class 0 is the CTC blank."""
        if not self.classes or self.classes[0] != BLANK:
            raise MetadataError(f"class 0 must be {BLANK!r}, got {self.classes[:1]!r}")
        return Charset(self.classes[1:], normalize=self.normalize, name=self.charset_name)

    def to_props(self) -> dict[str, str]:
        """String key/value pairs for ``onnx.ModelProto.metadata_props``."""
        props = {
            "format_version": str(FORMAT_VERSION),
            "charset": json.dumps(
                {"name": self.charset_name, "classes": self.classes, "normalize": self.normalize, "blank": 0},
                ensure_ascii=False,
            ),
            "input": json.dumps(
                {
                    "name": "pixels",
                    "layout": "NCHW",
                    "height": self.input_height,
                    "channels": self.channels,
                    "dtype": "float32",
                    "range": [0, 255],
                    "paper": "white",
                    "pad_value": self.pad_value,
                    "pad_side": "right",
                    "resize": "keep aspect ratio to height (bilinear up, box down)",
                    "max_aspect": self.max_aspect,
                    "normalization": "inside the graph",
                    "line_normalization": self.line_normalization,
                }
            ),
            "frames": json.dumps(
                {
                    "stride": self.frames.stride,
                    "offset": self.frames.offset,
                    "formula": "valid_frames = max(0, (width + offset) // stride)",
                    "min_width": self.frames.min_width,
                }
            ),
            "outputs": json.dumps(
                {
                    "probs": "(B, T, C) softmax over classes",
                    "best_class": "(B, T) int64 argmax of probs",
                    "best_prob": "(B, T) max of probs",
                    "decoder": "ctc_greedy",
                }
            ),
            "orientation": json.dumps(
                {"reading": "horizontal, left to right", "vertical_policy": self.vertical_policy,
                 "vertical_aspect": self.vertical_aspect}
            ),
            "precision": self.precision,
            "model_name": self.model_name,
            "config_name": self.config_name,
            "metrics": json.dumps(self.metrics),
            "hwocr_version": self.hwocr_version,
            "weights_sha256": self.weights_sha256,
        }
        for key, value in self.extra.items():
            props[f"extra.{key}"] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        return {KEY_PREFIX + k: v for k, v in props.items()}

    @classmethod
    def from_props(cls, props: Mapping[str, str], source: str = "model") -> ModelMetadata:
        """Parse ``metadata_props`` (as written by ``to_props``); ``source`` names the file in errors."""
        own = {k[len(KEY_PREFIX):]: v for k, v in props.items() if k.startswith(KEY_PREFIX)}
        if "format_version" not in own:
            raise MetadataError(f"{source}: no hwocr metadata (was it written by hwocr-export?)")
        version = int(own["format_version"])
        if version > FORMAT_VERSION:
            raise MetadataError(
                f"{source}: metadata format {version} is newer than this runtime understands ({FORMAT_VERSION}); "
                "upgrade hwocr"
            )
        try:
            charset = json.loads(own["charset"])
            inp = json.loads(own["input"])
            frames = json.loads(own["frames"])
            orientation = json.loads(own.get("orientation", "{}"))
        except (KeyError, json.JSONDecodeError) as exc:
            raise MetadataError(f"{source}: malformed hwocr metadata ({exc!r})") from exc
        vertical_policy = orientation.get("vertical_policy", "as_is")
        if vertical_policy not in VERTICAL_POLICIES:
            raise MetadataError(f"{source}: unknown vertical_policy {vertical_policy!r}")
        extra = {}
        for key, value in own.items():
            if key.startswith("extra."):
                try:
                    extra[key[len("extra."):]] = json.loads(value)
                except json.JSONDecodeError:
                    extra[key[len("extra."):]] = value
        return cls(
            classes=list(charset["classes"]),
            normalize=charset.get("normalize"),
            charset_name=charset.get("name", "custom"),
            input_height=int(inp["height"]),
            channels=int(inp.get("channels", 1)),
            pad_value=float(inp.get("pad_value", PAD_VALUE)),
            max_aspect=float(inp.get("max_aspect", 64.0)),
            frames=FrameGeometry(int(frames["stride"]), int(frames.get("offset", 0))),
            vertical_policy=vertical_policy,
            vertical_aspect=float(orientation.get("vertical_aspect", 1.5)),
            precision=own.get("precision", "fp32"),
            model_name=own.get("model_name", ""),
            config_name=own.get("config_name", ""),
            metrics=json.loads(own.get("metrics", "{}")),
            hwocr_version=own.get("hwocr_version", ""),
            weights_sha256=own.get("weights_sha256", ""),
            extra=extra,
            line_normalization=inp.get("line_normalization"),
        )


def read_model_metadata(path: str | Path) -> ModelMetadata:
    """The hwocr metadata of an ONNX file, read before any session is built; every failure is a
    ValueError subclass naming the file (``OnnxFormatError``: empty, truncated or not ONNX;
    ``MetadataError``: ONNX without hwocr metadata, or newer than this runtime)."""
    from hwocr.runtime.onnx_metadata import OnnxFormatError, read_metadata_props

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: model file not found")
    if path.stat().st_size == 0:
        raise OnnxFormatError(f"{path}: empty file (0 bytes), not an ONNX model")
    return ModelMetadata.from_props(read_metadata_props(path), str(path))
