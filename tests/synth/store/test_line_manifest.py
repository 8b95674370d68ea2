import numpy as np
from PIL import Image

from hwocr.core.manifest import read_manifest
from hwocr.synth.render.rendered_line import RenderedLine
from hwocr.synth.store.line_manifest import write_line_manifest


def _line(index: int) -> RenderedLine:
    image = np.full((16, 20 + index), 255, np.uint8)
    image[4:12, 3:9] = index * 10
    return RenderedLine(image, "\u3000" if index == 2 else f"行{index}", False)


def test_writes_pngs_and_a_manifest_that_reads_back(tmp_path) -> None:
    path = write_line_manifest(tmp_path / "set", _line, 4)
    entries = read_manifest(path)
    assert [e.text for e in entries] == ["行0", "行1", "行3"]  # the blank line is skipped
    with Image.open(entries[2].image) as im:
        np.testing.assert_array_equal(np.asarray(im), _line(3).image)
