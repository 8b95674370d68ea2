"""Open any supported dataset where it lies, told by what the path holds: ``open_source(path)``
returns a ``SampleSource`` (``len``, ``[i]`` -> ``LabelledImage``). Used by ``hwocr-data`` and the
composer; a config can name a reader class directly instead.

==============================================  ==========================================
path holds                                      reader
==============================================  ==========================================
``*.tsv`` / ``*.jsonl`` manifest                ``manifests.ManifestSource``
``ETL9G_01`` ... file, or a folder of them      ``etl.iter_etl`` (into memory)
``k49-<split>-imgs.npz``                        ``kuzushiji.Kuzushiji49`` (``split``)
``kmnist-<split>-imgs.npz``                     ``kmnist.read_kmnist`` (``split``)
``U+XXXX/*.png`` folders                        ``kuzushiji.KuzushijiKanji``
``<alphabet>/characterNN/*.png``                ``omniglot.OmniglotAlphabets`` (``labels``)
``data.mdb``                                    ``lmdb_lines.LmdbLines``
``*.xml`` (PAGE / ALTO)                         ``xml_lines.XmlLineSource``
==============================================  ==========================================
"""

from __future__ import annotations

from pathlib import Path

from hwocr.data.readers.etl_layouts import layout_for
from hwocr.data.readers.sample import LabelledImage, ListSource, ReaderError, SampleSource


class _KmnistSource:
    def __init__(self, folder: Path, split: str) -> None:
        from hwocr.data.readers.kmnist import read_kmnist

        self.split = read_kmnist(folder, split)

    def __len__(self) -> int:
        return len(self.split)

    def __getitem__(self, index: int) -> LabelledImage:
        return LabelledImage(self.split.line_image(index, 0), self.split.text(index), None, f"{self.split.origin}:{index}")


def source_kind(path: str | Path) -> str:
    """Which reader ``open_source`` would use for ``path``; ReaderError when none fits."""
    path = Path(path)
    if not path.exists():
        raise ReaderError(f"{path}: not found")
    if path.is_file():
        if path.suffix in (".tsv", ".jsonl", ".txt"):
            return "manifest"
        if path.suffix == ".xml":
            return "xml"
        if layout_for(path.name):
            return "etl"
        raise ReaderError(f"{path}: not a manifest, PAGE/ALTO file or ETL record file")
    names = {p.name for p in path.iterdir()}
    if "data.mdb" in names:
        return "lmdb"
    if any(n.startswith("k49-") and n.endswith("-imgs.npz") for n in names):
        return "k49"
    if any(n.startswith("kmnist-") and n.endswith("-imgs.npz") for n in names):
        return "kmnist"
    if any(layout_for(n) for n in names):
        return "etl"
    if any(n.upper().startswith("U+") for n in names):
        return "kuzushiji_kanji"
    if any(n.startswith("character") for n in names) or any(
        (path / n).is_dir() and any(c.name.startswith("character") for c in (path / n).iterdir()) for n in names
    ):
        return "omniglot"
    if any(n.endswith(".xml") for n in names):
        return "xml"
    if "manifest.tsv" in names:
        return "manifest_folder"
    raise ReaderError(f"{path}: no supported dataset layout recognised (see hwocr.data.readers.open)")


def open_source(
    path: str | Path, split: str = "test", labels: str | Path | None = None, line_height: float = 48.0
) -> SampleSource:
    """A ``SampleSource`` over the dataset at ``path`` (see the table above)."""
    path = Path(path)
    kind = source_kind(path)
    if kind in ("manifest", "manifest_folder"):
        from hwocr.data.readers.manifests import ManifestSource

        return ManifestSource(path / "manifest.tsv" if kind == "manifest_folder" else path)
    if kind == "etl":
        from hwocr.data.readers.etl import iter_etl

        return ListSource(list(iter_etl(path)))
    if kind == "k49":
        from hwocr.data.readers.kuzushiji import Kuzushiji49

        return Kuzushiji49(path, split)
    if kind == "kmnist":
        return _KmnistSource(path, split)
    if kind == "kuzushiji_kanji":
        from hwocr.data.readers.kuzushiji import KuzushijiKanji

        return KuzushijiKanji(path)
    if kind == "omniglot":
        from hwocr.data.readers.omniglot import OmniglotAlphabets

        return OmniglotAlphabets(path, labels)
    if kind == "lmdb":
        from hwocr.data.readers.lmdb_lines import LmdbLines

        return LmdbLines(path)
    from hwocr.data.readers.xml_lines import XmlLineSource

    return XmlLineSource(path, line_height)
