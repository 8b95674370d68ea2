"""Text lines of PAGE-XML and ALTO files, as kraken / eScriptorium users keep them: each line is
cut out of its page image by its polygon (pixels outside it turn to paper), or, without a usable
polygon, by its baseline and a line height (3/4 above the baseline, 1/4 below), or by its ALTO
box (HPOS, VPOS, WIDTH, HEIGHT).

- PAGE (2013-07-15 and 2019-07-15 namespaces): ``Page/@imageFilename``; ``TextLine`` with
  ``Coords/@points`` and ``Baseline/@points`` (``x,y x,y ...``), text in the line's own
  ``TextEquiv/Unicode`` (the lowest ``@index`` when several).
- ALTO v2, v3, v4: ``sourceImageInformation/fileName``; ``TextLine`` with ``Shape/Polygon/@POINTS``,
  ``@BASELINE`` (``x,y x,y`` or ``x y x y``), ``@HPOS/@VPOS/@WIDTH/@HEIGHT``; text from its
  ``String/@CONTENT`` (``SP`` elements are spaces).

Image paths are relative to the XML file. Lines without text are skipped and counted.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from hwocr.core.image import load_grayscale
from hwocr.data.readers.sample import LabelledImage, ReaderError

Points = list[tuple[float, float]]


@dataclass(frozen=True)
class XmlLine:
    """One line region: its page image, geometry, text and ``file: line <id>`` for messages."""

    image: Path
    polygon: Points | None
    baseline: Points | None
    box: tuple[float, float, float, float] | None  # x, y, width, height (ALTO)
    text: str
    where: str


def parse_points(text: str, where: str) -> Points:
    """``"x,y x,y"`` or ``"x y x y"`` -> [(x, y), ...]; errors name ``where``."""
    numbers = re.split(r"[\s,]+", text.strip())
    try:
        values = [float(v) for v in numbers if v]
    except ValueError:
        raise ReaderError(f"{where}: points {text[:40]!r} are not numbers") from None
    if len(values) % 2 or not values:
        raise ReaderError(f"{where}: points {text[:40]!r} are not x,y pairs")
    return list(zip(values[0::2], values[1::2], strict=True))


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in element if _local(c.tag) == name]


def _descendants(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (e for e in element.iter() if _local(e.tag) == name)


def _image_path(xml: Path, name: str | None) -> Path:
    if not name:
        raise ReaderError(f"{xml}: no page image file name")
    path = Path(name.removeprefix("file://"))
    return path if path.is_absolute() else xml.parent / path


def _page_lines(xml: Path, root: ET.Element) -> Iterator[XmlLine]:
    page = next(_descendants(root, "Page"), None)
    if page is None:
        raise ReaderError(f"{xml}: PAGE file without a Page element")
    image = _image_path(xml, page.get("imageFilename"))
    for number, line in enumerate(_descendants(page, "TextLine"), start=1):
        where = f"{xml}: line {line.get('id') or number}"
        coords, base = _children(line, "Coords"), _children(line, "Baseline")
        polygon = parse_points(coords[0].get("points", ""), where) if coords and coords[0].get("points") else None
        baseline = parse_points(base[0].get("points", ""), where) if base and base[0].get("points") else None
        equivs = sorted(_children(line, "TextEquiv"), key=lambda e: int(e.get("index", "0") or 0))
        unicode_ = [u for e in equivs for u in _children(e, "Unicode")]
        text = (unicode_[0].text or "") if unicode_ else ""
        yield XmlLine(image, polygon, baseline, None, text.strip(), where)


def _alto_lines(xml: Path, root: ET.Element) -> Iterator[XmlLine]:
    names = [e.text for e in _descendants(root, "fileName") if e.text]
    image = _image_path(xml, names[0].strip() if names else None)
    for number, line in enumerate(_descendants(root, "TextLine"), start=1):
        where = f"{xml}: line {line.get('ID') or number}"
        polygons = [p for shape in _children(line, "Shape") for p in _children(shape, "Polygon")]
        polygon = parse_points(polygons[0].get("POINTS", ""), where) if polygons else None
        baseline = parse_points(line.get("BASELINE", ""), where) if line.get("BASELINE") else None
        if baseline is not None and len(baseline) == 1:
            baseline = None  # ALTO < 4.2: BASELINE is a single y value, too little to cut by
        box = None
        if all(line.get(k) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT")):
            try:
                box = tuple(float(line.get(k)) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT"))
            except ValueError:
                raise ReaderError(f"{where}: HPOS/VPOS/WIDTH/HEIGHT are not numbers") from None
        parts = [c.get("CONTENT", "") if _local(c.tag) == "String" else " " for c in line if _local(c.tag) in ("String", "SP")]
        yield XmlLine(image, polygon, baseline, box, "".join(parts).strip(), where)


def read_xml_lines(path: str | Path) -> list[XmlLine]:
    """Every text line of one PAGE or ALTO file (told by its root element)."""
    path = Path(path)
    if not path.is_file():
        raise ReaderError(f"{path}: file not found")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as err:
        line, column = err.position
        raise ReaderError(f"{path}: line {line}, column {column}: malformed XML ({err})") from None
    kind = _local(root.tag)
    if kind == "PcGts":
        return list(_page_lines(path, root))
    if kind.lower() == "alto":
        return list(_alto_lines(path, root))
    raise ReaderError(f"{path}: root element <{kind}> is neither PAGE (PcGts) nor ALTO (alto)")


def crop_line(page: np.ndarray, line: XmlLine, line_height: float = 48.0, margin: int = 2) -> np.ndarray:
    """The line's pixels on white paper: polygon mask, else baseline band, else ALTO box."""
    polygon = line.polygon if line.polygon and len(line.polygon) >= 3 else None
    if polygon is None and line.baseline:
        xs, ys = [p[0] for p in line.baseline], [p[1] for p in line.baseline]
        above, below = 0.75 * line_height, 0.25 * line_height
        polygon = [(x, y - above) for x, y in zip(xs, ys, strict=True)]
        polygon += [(x, y + below) for x, y in reversed(list(zip(xs, ys, strict=True)))]
    if polygon is None and line.box is not None:
        x, y, w, h = line.box
        polygon = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
    if polygon is None:
        raise ReaderError(f"{line.where}: no polygon, baseline or box to cut the line by")
    height, width = page.shape
    xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
    x0, x1 = max(int(min(xs)) - margin, 0), min(int(np.ceil(max(xs))) + margin, width)
    y0, y1 = max(int(min(ys)) - margin, 0), min(int(np.ceil(max(ys))) + margin, height)
    if x1 - x0 < 2 or y1 - y0 < 2:
        raise ReaderError(f"{line.where}: region ({x0},{y0})-({x1},{y1}) lies outside the {width}x{height} page")
    mask = Image.new("L", (x1 - x0, y1 - y0), 0)
    ImageDraw.Draw(mask).polygon([(x - x0, y - y0) for x, y in polygon], fill=255)
    crop = page[y0:y1, x0:x1]
    return np.where(np.asarray(mask) > 0, crop, np.uint8(255)).astype(np.uint8)


class XmlLineSource:
    """Random access to the text lines of PAGE / ALTO files (one file, or every ``*.xml`` in a folder)."""

    def __init__(self, path: str | Path, line_height: float = 48.0) -> None:
        path = Path(path)
        files = sorted(path.glob("*.xml")) if path.is_dir() else [path]
        if not files:
            raise ReaderError(f"{path}: no *.xml files")
        lines = [line for f in files for line in read_xml_lines(f)]
        self.lines = [line for line in lines if line.text]
        self.skipped = len(lines) - len(self.lines)
        if not self.lines:
            raise ReaderError(f"{path}: no text lines with text")
        self.line_height = line_height
        self._page: tuple[Path, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, index: int) -> LabelledImage:
        line = self.lines[index]
        if self._page is None or self._page[0] != line.image:
            try:
                self._page = (line.image, load_grayscale(line.image))
            except (OSError, ValueError) as err:
                raise ReaderError(f"{line.where}: page image: {err}") from err
        return LabelledImage(crop_line(self._page[1], line, self.line_height), line.text, None, line.where)

    def __iter__(self) -> Iterator[LabelledImage]:
        return (self[i] for i in range(len(self)))
