"""``hwocr-augment``: look at an augmentation pipeline (conf/augment/*.yaml).

    hwocr-augment preview augment=forms out=forms.png
    hwocr-augment preview augment=medium strength=0.5 out=medium-half.png lines=8 draws=6 height=48
    hwocr-augment preview augment=scan out=scan.png augment.transforms.0.p=1.0   # any Hydra override
    hwocr-augment list

Arguments are ``key=value``: ``augment`` and ``out`` are required; ``strength``, ``lines``,
``draws``, ``height`` and ``seed`` are optional; keys starting with ``augment.`` are passed to
Hydra as overrides of the composed pipeline config.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

_OPTIONS = {"augment": str, "out": str, "strength": float, "lines": int, "draws": int, "height": int, "seed": int}
USAGE = "usage: hwocr-augment preview augment=NAME out=FILE.png [strength=S lines=N draws=N height=H seed=N augment.KEY=V]\n" \
        "       hwocr-augment list"  # fmt: skip


def parse_preview_args(argv: Sequence[str]) -> tuple[dict, list[str]]:
    """``["augment=forms", "out=x.png", "augment.strength=2"]`` -> (options, Hydra overrides); errors name the key."""
    options: dict = {}
    overrides: list[str] = []
    for arg in argv:
        key, sep, value = arg.partition("=")
        if not sep:
            raise ValueError(f"expected key=value, got {arg!r}")
        if key.startswith("augment."):
            overrides.append(arg)
        elif key in _OPTIONS:
            try:
                options[key] = _OPTIONS[key](value)
            except ValueError:
                raise ValueError(f"{key}: expected {_OPTIONS[key].__name__}, got {value!r}") from None
        else:
            raise ValueError(f"unknown key {key!r}; known: {sorted(_OPTIONS)} and augment.*")
    for key in ("augment", "out"):
        if key not in options:
            raise ValueError(f"missing {key}=...")
    return options, overrides


def preview(argv: Sequence[str]) -> int:
    from hwocr.augment.configs import load_pipeline
    from hwocr.augment.preview import write_preview

    options, overrides = parse_preview_args(argv)
    name, strength = options["augment"], options.get("strength")
    transform = load_pipeline(name, strength=strength, overrides=overrides)
    title = f"augment={name}" + (f" strength={strength:g}" if strength is not None else "")
    path = write_preview(
        options["out"], transform, lines=options.get("lines", 6), draws=options.get("draws", 4),
        height=options.get("height", 64), seed=options.get("seed", 0), title=title,
    )  # fmt: skip
    print(path)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["list"]:
        from hwocr.augment.configs import pipeline_names

        print("\n".join(pipeline_names()))
        return 0
    if args[:1] != ["preview"]:
        print(USAGE, file=sys.stderr)
        return 2
    from hydra.errors import HydraException

    try:
        return preview(args[1:])
    except (ValueError, HydraException) as err:  # bad arguments or a bad config: say which, no traceback
        print(f"hwocr-augment: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
