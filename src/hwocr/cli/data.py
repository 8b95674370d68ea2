"""``hwocr-data``: look at real data before training on it.

    hwocr-data check DATA_CONFIG_OR_MANIFEST [charset=joyo] [max_aspect=64] [max_tall=4]
    hwocr-data stats DATA_CONFIG_OR_MANIFEST_OR_DATASET [top=20]
    hwocr-data compose SOURCE out=DIR lines=N [height=64] [vertical_prob=0.2] [seed=0] [charset=...]
    hwocr-data convert SOURCE out=DIR [limit=N]       # any reader's samples -> PNGs + manifest.tsv

``check`` lists every problem (file:line: kind: message) and exits 1 when it found any. SOURCE and
DATASET are anything ``hwocr.data.readers.open`` recognises (ETL files, k49/kmnist .npz folders,
U+XXXX folders, Omniglot alphabets, LMDB, PAGE/ALTO, TSV/JSONL manifests); ``split=`` and
``labels=`` pass through to it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

COMMANDS = ("check", "stats", "compose", "convert")
_OPEN_KEYS = ("split", "labels", "line_height")


def _options(pairs: Sequence[str]) -> dict[str, str]:
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise SystemExit(f"hwocr-data: expected key=value, got {pair!r}")
        options[key] = value
    return options


def _charset(name: str | None):
    if not name:
        return None
    from hwocr.core.charset import Charset

    return Charset.from_file(name)


def _take(options: dict[str, str], allowed: Sequence[str], command: str) -> None:
    unknown = set(options) - set(allowed)
    if unknown:
        raise SystemExit(f"hwocr-data {command}: unknown option(s) {sorted(unknown)}; known: {sorted(allowed)}")


def _open(path: str, options: dict[str, str]):
    from hwocr.data.readers.open import open_source

    kwargs = {k: options[k] for k in _OPEN_KEYS if k in options}
    if "line_height" in kwargs:
        kwargs["line_height"] = float(kwargs["line_height"])
    return open_source(path, **kwargs)


def run(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="hwocr-data", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("command", choices=COMMANDS)
    parser.add_argument("path", help="data config name or YAML, manifest, or dataset path")
    parser.add_argument("options", nargs="*", help="key=value")
    args = parser.parse_args(argv)
    options = _options(args.options)
    from hwocr.data import doctor

    if args.command == "check":
        _take(options, ("charset", "max_aspect", "max_tall"), "check")
        limits = {k: float(options[k]) for k in ("max_aspect", "max_tall") if k in options}
        report = doctor.check(doctor.manifests_of(args.path), _charset(options.get("charset")), **limits)
        for finding in report.findings:
            print(finding)
        print(report.summary())
        return 0 if report.ok else 1
    if args.command == "stats":
        _take(options, ("top", *_OPEN_KEYS), "stats")
        top = int(options.get("top", 20))
        try:
            texts = [t for m in doctor.manifests_of(args.path) for t in doctor.check_texts(m)]
        except (FileNotFoundError, ValueError):
            from hwocr.data.readers.dataset import source_text

            source = _open(args.path, options)
            texts = [source_text(source, i)[0] for i in range(len(source))]
        print(doctor.format_stats(doctor.text_stats(texts, top)))
        return 0
    if "out" not in options:
        raise SystemExit(f"hwocr-data {args.command}: out=DIR is required")
    if args.command == "convert":
        _take(options, ("out", "limit", "border", *_OPEN_KEYS), "convert")
        from hwocr.data.readers.sample import write_labelled_manifest

        source = _open(args.path, options)
        limit = int(options["limit"]) if "limit" in options else None
        samples = (source[i] for i in range(len(source) if limit is None else min(limit, len(source))))
        print(write_labelled_manifest(samples, options["out"], int(options.get("border", 0))))
        return 0
    _take(options, ("out", "lines", "height", "vertical_prob", "seed", "charset", "min_len", "max_len", *_OPEN_KEYS),
          "compose")
    from hwocr.data.compose import CharacterComposer, write_composed

    charset = _charset(options.get("charset"))
    composer = CharacterComposer(
        _open(args.path, options), height=int(options.get("height", 64)),
        vertical_prob=float(options.get("vertical_prob", 0.2)), min_len=int(options.get("min_len", 2)),
        max_len=int(options.get("max_len", 12)), chars=None if charset is None else charset.chars,
    )
    path = write_composed(composer, options["out"], int(options.get("lines", 1000)), int(options.get("seed", 0)))
    writers = f", {len(composer.writers)} writers" if composer.writers else ""
    print(f"{options.get('lines', 1000)} lines from {len(composer.chars)} characters{writers} -> {path}")
    return 0


def main() -> None:
    try:
        sys.exit(run(sys.argv[1:]))
    except (OSError, ValueError) as err:  # reader errors name the file and record: say that, not a traceback
        sys.exit(f"hwocr-data: {err}")


if __name__ == "__main__":
    main()
