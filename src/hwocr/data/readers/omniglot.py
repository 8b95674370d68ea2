"""Omniglot (Lake et al. 2015, MIT licence) in its published folder layout:
``<root>/<alphabet>/characterNN/<image id>_<drawer>.png`` (105 x 105, 1-bit, black on white).

Omniglot numbers characters, it does not name them, so text comes from a label map: a TSV
file (``characterNN<TAB>text`` or ``<alphabet>/characterNN<TAB>text`` per line, ``#`` comments
allowed), or for ``Japanese_(katakana)`` the built-in order ``OMNIGLOT_KATAKANA`` (mapped by eye:
ケ is absent, ヰ and ヱ are present). The drawer number (01-20) is the writer id, so sets can
be split by drawer, never by image. A character folder without a label raises naming it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from hwocr.core.image import load_grayscale
from hwocr.data.readers.sample import LabelledImage, ReaderError, ink_on_paper

OMNIGLOT_KATAKANA = "アイウエオカキクコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヰヱヲン"
BUILTIN_LABELS = {"Japanese_(katakana)": {f"character{i + 1:02d}": c for i, c in enumerate(OMNIGLOT_KATAKANA)}}


def read_label_map(path: str | Path) -> dict[str, str]:
    """``{"characterNN" or "alphabet/characterNN": text}`` from a label map TSV."""
    path = Path(path)
    if not path.is_file():
        raise ReaderError(f"{path}: label map not found")
    labels = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        key, sep, text = line.partition("\t")
        if not sep or not text:
            raise ReaderError(f"{path}:{lineno}: expected 'characterNN<TAB>text'")
        labels[key.strip()] = text
    return labels


class OmniglotAlphabets:
    """Every labelled image under ``root`` (an alphabet folder, or a folder of alphabets)."""

    def __init__(self, root: str | Path, labels: str | Path | None = None) -> None:
        root = Path(root)
        if not root.is_dir():
            raise ReaderError(f"{root}: folder not found")
        self.root = root
        label_map = read_label_map(labels) if labels is not None else {}
        alphabets = [root] if any(p.name.startswith("character") for p in root.iterdir()) else sorted(
            p for p in root.iterdir() if p.is_dir()
        )
        self.files: list[tuple[Path, str, str]] = []
        for alphabet in alphabets:
            builtin = BUILTIN_LABELS.get(alphabet.name, {})
            for folder in sorted(p for p in alphabet.iterdir() if p.is_dir() and p.name.startswith("character")):
                text = label_map.get(f"{alphabet.name}/{folder.name}") or label_map.get(folder.name) or builtin.get(folder.name)
                if text is None:
                    raise ReaderError(f"{folder}: no label for {alphabet.name}/{folder.name}; pass a label map")
                for png in sorted(folder.glob("*.png")):
                    stem, sep, drawer = png.stem.rpartition("_")
                    if not sep or not drawer.isdigit():
                        raise ReaderError(f"{png}: expected '<image id>_<drawer>.png'")
                    self.files.append((png, text, f"{alphabet.name}/{drawer}"))
        if not self.files:
            raise ReaderError(f"{root}: no <alphabet>/characterNN/*.png files")

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> LabelledImage:
        path, text, writer = self.files[index]
        try:
            image = load_grayscale(path)
        except (OSError, ValueError) as err:
            raise ReaderError(f"{path}: record {index}: {err}") from err
        return LabelledImage(ink_on_paper(image), text, writer, str(path.relative_to(self.root)))

    def __iter__(self) -> Iterator[LabelledImage]:
        return (self[i] for i in range(len(self)))
