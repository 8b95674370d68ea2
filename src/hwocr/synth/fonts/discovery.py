"""Find font files on this machine: configured folders, plus ``fc-list`` where fontconfig is installed.

Nothing here opens a font; coverage is checked in ``coverage.py``. A font is named by its file and,
for collections (.ttc/.otc), the face index inside it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
DEFAULT_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
_FC_TIMEOUT_S = 20


@dataclass(frozen=True, order=True)
class FontFace:
    """One face: a font file and its index in a collection (0 for plain .ttf/.otf files)."""

    path: Path
    index: int = 0
    family: str = ""

    @property
    def name(self) -> str:
        """Short, stable name for logs and previews: the family, else the file stem."""
        label = self.family.split(",")[0] if self.family else self.path.stem
        return f"{label}#{self.index}" if self.index else label

    def matches(self, selector: str) -> bool:
        """``selector`` is a path to this file, or a case-insensitive piece of its file name, its
        folder's name (Debian installs each package in its own folder) or its family."""
        if Path(selector).expanduser().is_file():
            return Path(selector).expanduser().resolve() == self.path.resolve()
        needle = selector.casefold()
        names = (self.path.name, self.path.parent.name, self.family)
        return any(needle in name.casefold() for name in names)


def _scan_dirs(dirs: Iterable[str | Path]) -> list[FontFace]:
    faces = []
    for folder in dirs:
        root = Path(folder).expanduser()
        if not root.is_dir():
            continue
        for path in root.rglob("*"):
            if path.suffix.lower() in FONT_SUFFIXES and path.is_file():
                faces.append(FontFace(path.resolve()))
    return faces


def _fc_list() -> list[FontFace]:
    """Faces fontconfig knows about, with their collection index and family; [] without fc-list."""
    exe = shutil.which("fc-list")
    if exe is None:
        return []
    try:
        out = subprocess.run(
            [exe, "-f", "%{file}\t%{index}\t%{family}\n"],
            capture_output=True,
            text=True,
            timeout=_FC_TIMEOUT_S,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    faces = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or Path(parts[0]).suffix.lower() not in FONT_SUFFIXES:
            continue
        try:
            index = int(parts[1] or 0)
        except ValueError:
            continue
        faces.append(FontFace(Path(parts[0]).resolve(), index, parts[2] if len(parts) > 2 else ""))
    return faces


def discover_fonts(
    dirs: Sequence[str | Path] | None = DEFAULT_FONT_DIRS,
    use_fc_list: bool = True,
    selectors: Sequence[str] | None = None,
) -> list[FontFace]:
    """Installed faces, sorted and unique; ``selectors`` keeps those matching any of them.

    A selector that is a path to a font file adds that file even when it lies outside ``dirs``.
    Folder scans find index 0 of each file; ``fc-list`` adds the other faces of collections and
    the family names, so selecting by family ("Klee One", "瀬戸") needs fontconfig.
    """
    found: dict[tuple[Path, int], FontFace] = {}
    for face in _scan_dirs(dirs or ()) + (_fc_list() if use_fc_list else []):
        key = (face.path, face.index)
        if key not in found or (face.family and not found[key].family):
            found[key] = face
    for selector in selectors or ():
        path = Path(selector).expanduser()
        if path.is_file() and (path.resolve(), 0) not in found:
            found[(path.resolve(), 0)] = FontFace(path.resolve())
    faces = sorted(found.values())
    if selectors:
        faces = [f for f in faces if any(f.matches(s) for s in selectors)]
    return faces
