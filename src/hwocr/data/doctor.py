"""The data doctor: everything wrong with a labelled set, each problem with its file and line,
never stopping at the first one; and a summary of what the set holds.

``check_manifest`` reads a TSV or JSONL manifest line by line itself (the strict readers stop at
the first bad line) and reports

- ``malformed``: a TSV line without a tab, a JSONL line that is not ``{"image", "text"}``;
- ``empty-label``; ``missing-file``; ``unreadable`` (cannot be decoded, or truncated);
- ``out-of-charset``: characters the charset lacks (after its normalisation), counted per char;
- ``aspect``: wider than ``max_aspect`` x its height (a mis-cropped page) or taller than
  ``max_tall`` x its width (a vertical line that was never rotated);
- ``duplicate``: the same image bytes as an earlier line.

``manifests_of`` turns a data config (``conf/data/<name>.yaml`` or a YAML path) into the
manifests it lists, so ``hwocr-data check manifest`` and ``hwocr-data check train.tsv`` both work.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from hwocr.core.charset import Charset
from hwocr.core.image import DEFAULT_MAX_ASPECT
from hwocr.metrics.scripts import script_of
from hwocr.utils.files import CONFIG_DIR

KINDS = ("malformed", "empty-label", "missing-file", "unreadable", "out-of-charset", "aspect", "duplicate")


@dataclass(frozen=True)
class Finding:
    kind: str
    where: str  # "path/manifest.tsv:12"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.kind}: {self.message}"


@dataclass
class DataReport:
    """What ``check_manifest`` found in one or more manifests."""

    findings: list[Finding] = field(default_factory=list)
    lines: int = 0
    texts: list[str] = field(default_factory=list)
    unknown_chars: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.findings

    def counts(self) -> Counter:
        return Counter(f.kind for f in self.findings)

    def summary(self) -> str:
        counts = self.counts()
        parts = [f"{counts[k]} {k}" for k in KINDS if counts[k]]
        head = f"{self.lines} lines checked: " + (", ".join(parts) if parts else "no problems found")
        if self.unknown_chars:
            top = " ".join(f"{c}×{n}" for c, n in self.unknown_chars.most_common(30))
            head += f"\ncharacters outside the charset ({len(self.unknown_chars)}): {top}"
        return head


def _rows(path: Path) -> Iterator[tuple[str, int, str | None, str | None, str | None]]:
    """(where, line, image, text, malformed reason) per non-blank line of a TSV or JSONL manifest."""
    for lineno, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        where = f"{path}:{lineno}"
        if not line.strip() or (path.suffix != ".jsonl" and line.startswith("#")):
            continue
        if path.suffix == ".jsonl":
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                yield where, lineno, None, None, f"not JSON ({err.msg})"
                continue
            if not isinstance(record, dict) or not isinstance(record.get("image"), str):
                yield where, lineno, None, None, 'expected {"image": ..., "text": ...}'
                continue
            text = record.get("text")
            yield where, lineno, record["image"], text if isinstance(text, str) else "", None
            continue
        image, sep, text = line.partition("\t")
        if not sep or not image:
            yield where, lineno, None, None, "expected 'image_path<TAB>text'"
            continue
        yield where, lineno, image, text, None


def _image_problem(path: Path, max_aspect: float, max_tall: float) -> tuple[str, str] | None:
    try:
        with Image.open(path) as im:
            im.load()  # decodes every pixel: truncated files fail here, not at training time
            width, height = im.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as err:
        return "unreadable", f"{path.name}: {err}"
    if width == 0 or height == 0:
        return "unreadable", f"{path.name}: empty image ({width}x{height})"
    if width / height > max_aspect:
        return "aspect", f"{width}x{height} is {width / height:.0f} times wider than high (max_aspect {max_aspect:g})"
    if height / width > max_tall:
        return "aspect", f"{width}x{height} is {height / width:.1f} times higher than wide (max_tall {max_tall:g})"
    return None


def check_manifest(
    path: str | Path,
    charset: Charset | None = None,
    max_aspect: float = DEFAULT_MAX_ASPECT,
    max_tall: float = 4.0,
    report: DataReport | None = None,
) -> DataReport:
    """Every problem of one TSV / JSONL manifest, appended to ``report`` (a new one by default)."""
    path = Path(path)
    report = report if report is not None else DataReport()
    if not path.is_file():
        report.findings.append(Finding("missing-file", str(path), "manifest not found"))
        return report
    seen: dict[str, str] = {}
    for where, _, image, text, malformed in _rows(path):
        report.lines += 1
        if malformed:
            report.findings.append(Finding("malformed", where, malformed))
            continue
        assert image is not None and text is not None
        if not text.strip():
            report.findings.append(Finding("empty-label", where, f"no text for {image}"))
        else:
            report.texts.append(text)
        if charset is not None and text:
            missing = [c for c in charset.normalize_text(text) if c not in charset]
            if missing:
                report.unknown_chars.update(missing)
                chars = "".join(dict.fromkeys(missing))
                report.findings.append(Finding("out-of-charset", where, f"{chars!r} not in charset {charset.name!r}"))
        file = Path(image) if Path(image).is_absolute() else path.parent / image
        if not file.is_file():
            report.findings.append(Finding("missing-file", where, f"{image} not found"))
            continue
        problem = _image_problem(file, max_aspect, max_tall)
        if problem:
            report.findings.append(Finding(problem[0], where, problem[1]))
        digest = hashlib.blake2b(file.read_bytes(), digest_size=16).hexdigest()
        if digest in seen:
            report.findings.append(Finding("duplicate", where, f"{image} has the same bytes as {seen[digest]}"))
        else:
            seen[digest] = where
    return report


def manifests_of(path_or_config: str | Path) -> list[Path]:
    """The manifest itself, or every ``manifest:`` value of a data config (YAML path or name)."""
    path = Path(path_or_config)
    if path.suffix in (".tsv", ".jsonl", ".txt"):
        return [path]
    config = path if path.suffix in (".yaml", ".yml") else CONFIG_DIR / "data" / f"{path_or_config}.yaml"
    if not config.is_file():
        raise FileNotFoundError(f"{path_or_config}: neither a manifest (.tsv, .jsonl) nor a data config")
    from omegaconf import OmegaConf

    node = OmegaConf.to_container(OmegaConf.load(config), resolve=False)
    found = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "manifest" and isinstance(item, str):
                    if item == "???":
                        raise ValueError(f"{config}: a manifest is not set (???); pass the manifest path instead")
                    found.append(Path(item))
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(node)
    if not found:
        raise ValueError(f"{config}: lists no manifest to check")
    return found


def check(paths: Iterable[str | Path], charset: Charset | None = None, **limits: float) -> DataReport:
    report = DataReport()
    for path in paths:
        check_manifest(path, charset, report=report, **limits)
    return report


def check_texts(path: str | Path) -> list[str]:
    """The texts of a manifest, tolerating bad lines (stats need no images)."""
    return [text for _, _, _, text, bad in _rows(Path(path)) if not bad and text]


def text_stats(texts: Iterable[str], top: int = 20) -> dict:
    """Characters per script, a histogram of line lengths and the most frequent characters."""
    texts = list(texts)
    chars = Counter(c for t in texts for c in t if not c.isspace())
    scripts: Counter = Counter()
    for char, n in chars.items():
        script = script_of(char)
        scripts["digit" if script == "digits" else script if script in ("kanji", "hiragana", "katakana", "latin") else "other"] += n
    lengths = Counter(len(t) for t in texts)
    return {
        "lines": len(texts),
        "characters": sum(chars.values()),
        "distinct": len(chars),
        "scripts": {k: scripts[k] for k in ("kanji", "hiragana", "katakana", "latin", "digit", "other")},
        "lengths": dict(sorted(lengths.items())),
        "top": chars.most_common(top),
    }


def format_stats(stats: dict) -> str:
    lines = [f"{stats['lines']} lines, {stats['characters']} characters, {stats['distinct']} distinct"]
    total = max(stats["characters"], 1)
    lines.append("per script: " + ", ".join(f"{k} {v} ({100 * v / total:.1f} %)" for k, v in stats["scripts"].items()))
    lines.append("length histogram:")
    peak = max(stats["lengths"].values(), default=1)
    for length, n in stats["lengths"].items():
        lines.append(f"  {length:4d} {n:7d} {'#' * max(1, round(40 * n / peak))}")
    lines.append("most frequent: " + " ".join(f"{c}×{n}" for c, n in stats["top"]))
    return "\n".join(lines)
