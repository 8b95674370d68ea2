"""A font's own vertical-writing (tategaki) glyphs, read from its OpenType GSUB ``vert`` feature.

Japanese fonts carry vertical forms as alternate glyphs reached through the GSUB feature ``vert``
(or ``vrt2``): brackets, long-vowel marks and dashes turned, small kana and 、。 moved to the upper
right of the em box. The single substitutions of ``vert`` (else ``vrt2``) are read with fontTools,
once per font, as a map from character to vertical glyph.

Why a "twin" font rather than Pillow's ``features=["vert"]``: Pillow applies OpenType features only
through libraqm/HarfBuzz, which chooses a feature by the text's script and language. Fonts that
register ``vert`` under some scripts only are then left unsubstituted (瀬戸フォント lists it for
``kana`` alone, and Pillow's raqm layout applied none of its vertical forms), and without libraqm
features are refused outright. Instead the vertical glyphs are copied (fontTools subsetter) into
a small font whose cmap maps each character straight to its vertical glyph. Pillow draws that
with the same FreeType rasteriser, hinting and em box as the horizontal glyphs, with or without
libraqm. A twin takes about 0.1-0.5 s and 20-170 KB per font. Each glyph keeps its vertical
cell (``vmtx``), which is shorter than an em in proportional faces.

Without fontTools, without a GSUB table, or for characters the feature does not list, there is
no vertical form, nor where the listed glyph is empty or an unchanged copy of the horizontal one
(many YOzFont faces list their small kana so): the renderer then places the horizontal glyph by
geometry instead.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from PIL import ImageFont

from hwocr.synth.fonts.discovery import FontFace

log = logging.getLogger(__name__)

_FEATURES = ("vert", "vrt2")  # vrt2 also turns proportional Latin: only for fonts without vert
_SINGLE, _EXTENSION = 1, 7  # GSUB lookup types
_JAPANESE = "JAN "
_FULL_WIDTH = "口日国あ"  # a character whose vertical cell is the font's usual one


def _single_substitutions(gsub: Any, tag: str) -> dict[str, str]:
    """Glyph -> glyph for every single substitution of feature ``tag``, in any script or language.

    Feature records that a Japanese language system uses come first, so where scripts disagree
    the Japanese form wins.
    """
    if gsub.FeatureList is None or gsub.LookupList is None:
        return {}
    japanese: set[int] = set()
    for script in gsub.ScriptList.ScriptRecord if gsub.ScriptList else ():
        for lang in script.Script.LangSysRecord:
            if lang.LangSysTag == _JAPANESE:
                japanese.update(lang.LangSys.FeatureIndex)
    records = list(enumerate(gsub.FeatureList.FeatureRecord))
    records.sort(key=lambda item: item[0] not in japanese)
    mapping: dict[str, str] = {}
    for _, record in records:
        if record.FeatureTag != tag:
            continue
        for index in record.Feature.LookupListIndex:
            lookup = gsub.LookupList.Lookup[index]
            for table in lookup.SubTable:
                kind = lookup.LookupType
                if kind == _EXTENSION:
                    table, kind = table.ExtSubTable, table.ExtensionLookupType
                if kind == _SINGLE:
                    for source, target in table.mapping.items():
                        mapping.setdefault(source, target)
    return mapping


def read_vertical_substitutions(face: FontFace) -> dict[str, str]:
    """Character -> name of its vertical glyph, from ``face``'s GSUB ``vert`` (else ``vrt2``).

    Empty without fontTools, without a GSUB table or without either feature.
    """
    try:
        from fontTools.ttLib import TTFont
    except ImportError:
        return {}
    with TTFont(str(face.path), fontNumber=face.index, lazy=True) as font:
        if "GSUB" not in font:
            return {}
        gsub = font["GSUB"].table
        glyphs: dict[str, str] = {}
        for tag in _FEATURES:
            glyphs = _single_substitutions(gsub, tag)
            if glyphs:
                break
        cmap = font.getBestCmap() or {}
    return {chr(code): glyphs[name] for code, name in sorted(cmap.items()) if name in glyphs}


def _vertical_cells(font: Any, glyphs: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Where each vertical glyph's cell lies: (shift, advance) in em, for the characters worth drawing.

    The cell is the glyph's vertical advance below its vertical origin (``vmtx``; the origin from
    ``VORG``, else the glyph's top plus its top side bearing). ``shift`` is how far the cell's middle
    lies above that of a full-width character (口): 0 for the usual one-em cells, not for
    proportional fonts. Glyphs without ink, or with the very bounds of the horizontal glyph (some
    fonts list unchanged copies), are left out: those characters are better placed by geometry.
    """
    from fontTools.pens.boundsPen import ControlBoundsPen

    glyph_set = font.getGlyphSet()
    cmap = font.getBestCmap() or {}
    em = float(font["head"].unitsPerEm)
    vmtx = font["vmtx"] if "vmtx" in font else None
    vorg = font["VORG"] if "VORG" in font else None

    def bounds(name: str) -> tuple[float, float, float, float] | None:
        pen = ControlBoundsPen(glyph_set)
        glyph_set[name].draw(pen)
        return pen.bounds

    def middle(name: str, top: float) -> tuple[float, float]:
        """The cell's middle above the baseline and its advance, in font units."""
        advance, top_bearing = vmtx[name]
        origin = vorg[name] if vorg is not None else top + top_bearing
        return origin - advance / 2, advance

    reference = next((cmap[ord(c)] for c in _FULL_WIDTH if ord(c) in cmap), None)
    reference_box = bounds(reference) if reference is not None and vmtx is not None else None
    full_width = middle(reference, reference_box[3])[0] if reference_box else None
    cells = {}
    for char, name in glyphs.items():
        box = bounds(name)
        if box is None or box == bounds(cmap[ord(char)]):
            continue
        if full_width is None:
            cells[char] = (0.0, 1.0)
        else:
            centre, advance = middle(name, box[3])
            cells[char] = ((centre - full_width) / em, advance / em)
    return cells


def _twin_font(face: FontFace, glyphs: dict[str, str]) -> tuple[bytes, dict[str, tuple[float, float]]]:
    """A font holding only the vertical glyphs worth drawing, each under its character; and their
    cells (see ``_vertical_cells``)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG", "mort", "morx"]
    options.notdef_outline = True
    with TTFont(str(face.path), fontNumber=face.index) as font:
        cells = _vertical_cells(font, glyphs)
        if not cells:
            return b"", {}
        subsetter = subset.Subsetter(options)
        subsetter.populate(glyphs=sorted({glyphs[c] for c in cells}))
        subsetter.subset(font)
        tables = []
        for fmt, encoding, limit in ((4, 1, 0x10000), (12, 10, 0x110000)):
            table = CmapSubtable.newSubtable(fmt)
            table.platformID, table.platEncID, table.language = 3, encoding, 0
            table.cmap = {ord(c): glyphs[c] for c in cells if ord(c) < limit}
            tables.append(table)
        font["cmap"].tables = tables
        buffer = io.BytesIO()
        font.save(buffer)
    return buffer.getvalue(), cells


class VerticalForms:
    """One face's vertical forms. ``has(char)``; ``font(px)`` draws those characters in their vertical
    form, placed in the em box as the font designed them for a vertical cell; ``cells[char]`` is
    (shift, advance) of that cell in em (see ``_vertical_cells``).

    Built once per face (read GSUB, subset the glyphs); empty when the face has none or fontTools
    cannot read it, so callers always fall back per character.
    """

    def __init__(self, face: FontFace, use_fonttools: bool = True) -> None:
        self.face = face
        self.cells: dict[str, tuple[float, float]] = {}
        self._data = b""
        self._fonts: dict[int, ImageFont.FreeTypeFont] = {}
        if not use_fonttools:
            return
        fonttools_log = logging.getLogger("fontTools")
        level = fonttools_log.level
        fonttools_log.setLevel(logging.ERROR)  # the subsetter chats about the tables it drops
        try:
            glyphs = read_vertical_substitutions(face)
            if glyphs:
                self._data, self.cells = _twin_font(face, glyphs)
        except Exception as error:  # fontTools fails on some fonts: keep their horizontal glyphs
            log.warning("%s: vertical forms unreadable (%s); placing glyphs by geometry", face.name, error)
            self.cells, self._data = {}, b""
        finally:
            fonttools_log.setLevel(level)

    def has(self, char: str) -> bool:
        return char in self.cells

    def font(self, px: int) -> ImageFont.FreeTypeFont:
        font = self._fonts.get(px)
        if font is None:
            if not self._data:
                raise ValueError(f"{self.face.name} has no vertical forms")
            font = self._fonts[px] = ImageFont.truetype(io.BytesIO(self._data), px)
        return font

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_fonts"] = {}  # FreeType handles are reopened lazily in the new process
        return state
