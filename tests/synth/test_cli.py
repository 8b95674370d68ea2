import json

from PIL import Image

from hwocr.synth.cli import main


def test_preview_writes_a_png(tmp_path) -> None:
    out = tmp_path / "grid.png"
    main(
        [
            "preview",
            "--out",
            str(out),
            "--lines",
            "4",
            "--height",
            "32",
            "--vertical-prob",
            "0.5",
            "--text",
            "charset",
        ]
    )
    with Image.open(out) as im:
        assert im.size[0] > 32 and im.size[1] > 4 * 32


def test_build_writes_a_store(tmp_path) -> None:
    out = tmp_path / "store"
    args = [
        "build",
        "--out",
        str(out),
        "--lines",
        "6",
        "--shard-size",
        "3",
        "--height",
        "24",
        "--no-progress",
    ]
    main(
        [
            *args,
            "--charset",
            "quickstart",
            "--text",
            "charset:1,form:1",
            "--coverage-k",
            "1",
            "--coverage-block",
            "1000",
        ]
    )
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["num_lines"] == 6 and manifest["settings"]["charset"] == "quickstart"


def test_manifest_writes_a_test_set(tmp_path) -> None:
    from hwocr.data.manifest import read_manifest

    out = tmp_path / "testset"
    main(["manifest", "--out", str(out), "--lines", "3", "--height", "24", "--renderer", "kanjivg",
          "--charset", "quickstart", "--text", "words"])  # fmt: skip
    entries = read_manifest(out / "manifest.tsv")
    assert len(entries) == 3 and all(e.image.is_file() and e.text for e in entries)
