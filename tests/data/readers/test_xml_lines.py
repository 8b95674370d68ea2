"""PAGE-XML (2013, 2019) and ALTO (v2-v4) line regions cut from a page image built here."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from hwocr.data.readers.sample import ReaderError
from hwocr.data.readers.xml_lines import XmlLineSource, read_xml_lines

PAGE_NS = {
    "2013": "http://schema.primaresearch.org/PAGE/gts/pagecontent/2013-07-15",
    "2019": "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15",
}
ALTO_NS = {v: f"http://www.loc.gov/standards/alto/ns-v{v}#" for v in ("2", "3", "4")}


@pytest.fixture
def page_image(tmp_path: Path) -> Path:
    page = np.full((200, 300), 255, np.uint8)
    page[40:60, 20:280] = 0  # line 1: ink band
    page[120:140, 20:150] = 60  # line 2
    Image.fromarray(page).save(tmp_path / "page.png")
    return tmp_path / "page.png"


def page_xml(ns: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<PcGts xmlns="{ns}"><Page imageFilename="page.png" imageWidth="300" imageHeight="200">
 <TextRegion id="r1"><Coords points="0,0 300,0 300,200 0,200"/>
  <TextLine id="l1"><Coords points="10,30 290,30 290,70 10,70"/><Baseline points="10,60 290,60"/>
   <Word id="w1"><TextEquiv><Unicode>ignored</Unicode></TextEquiv></Word>
   <TextEquiv index="2"><Unicode>second guess</Unicode></TextEquiv>
   <TextEquiv index="1"><Unicode>東京都千代田区</Unicode></TextEquiv></TextLine>
  <TextLine id="l2"><Coords points="10,110"/><Baseline points="10,136 160,136"/>
   <TextEquiv><Unicode>令和五年</Unicode></TextEquiv></TextLine>
  <TextLine id="l3"><Coords points="0,0 5,0 5,5"/></TextLine>
 </TextRegion></Page></PcGts>"""


def alto_xml(ns: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="{ns}"><Description><sourceImageInformation><fileName>page.png</fileName></sourceImageInformation></Description>
<Layout><Page WIDTH="300" HEIGHT="200"><PrintSpace><TextBlock ID="b1">
 <TextLine ID="t1" HPOS="10" VPOS="30" WIDTH="280" HEIGHT="40" BASELINE="10 60 290 60">
  <Shape><Polygon POINTS="10,30 290,30 290,70 10,70"/></Shape>
  <String CONTENT="山田"/><SP/><String CONTENT="太郎"/></TextLine>
 <TextLine ID="t2" HPOS="10" VPOS="110" WIDTH="150" HEIGHT="40"><String CONTENT="令和五年"/></TextLine>
</TextBlock></PrintSpace></Page></Layout></alto>"""


@pytest.mark.parametrize("version", sorted(PAGE_NS))
def test_page_lines_by_polygon_and_by_baseline(tmp_path: Path, page_image: Path, version: str):
    (tmp_path / "p.xml").write_text(page_xml(PAGE_NS[version]), encoding="utf-8")
    source = XmlLineSource(tmp_path / "p.xml", line_height=32)
    assert [line.text for line in source.lines] == ["東京都千代田区", "令和五年"] and source.skipped == 1
    first, second = source[0], source[1]
    assert first.image.shape == (44, 284) and first.image.min() == 0 and first.source.endswith("p.xml: line l1")
    # l2 has a one-point polygon: its baseline (y=136) and 32 px height cut y 112..144.
    assert 34 <= second.image.shape[0] <= 40 and (second.image == 60).any()


@pytest.mark.parametrize("version", sorted(ALTO_NS))
def test_alto_lines_by_polygon_and_box(tmp_path: Path, page_image: Path, version: str):
    (tmp_path / "a.xml").write_text(alto_xml(ALTO_NS[version]), encoding="utf-8")
    source = XmlLineSource(tmp_path)
    assert [line.text for line in source.lines] == ["山田 太郎", "令和五年"]
    assert source[1].image.shape == (44, 154) and (source[1].image == 60).any()


def test_malformed_files_name_file_and_line(tmp_path: Path, page_image: Path):
    (tmp_path / "bad.xml").write_text(page_xml(PAGE_NS["2019"])[:400], encoding="utf-8")
    with pytest.raises(ReaderError, match=r"bad.xml: line \d+, column \d+: malformed XML"):
        read_xml_lines(tmp_path / "bad.xml")
    (tmp_path / "pts.xml").write_text(page_xml(PAGE_NS["2019"]).replace("10,30 290,30", "10,a 290,30"), encoding="utf-8")
    with pytest.raises(ReaderError, match=r"pts.xml: line l1: points .* are not numbers"):
        read_xml_lines(tmp_path / "pts.xml")
    (tmp_path / "other.xml").write_text("<html/>", encoding="utf-8")
    with pytest.raises(ReaderError, match="neither PAGE"):
        read_xml_lines(tmp_path / "other.xml")
