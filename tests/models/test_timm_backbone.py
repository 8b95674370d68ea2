"""timm backbones: exact frame geometry for padded-conv and patchify families, local weights."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from hwocr.models.backbones.timm_backbone import TimmBackbone


@pytest.mark.parametrize("name, out_index, stride", [("resnet18", 2, 8), ("convnext_atto", 1, 8)])
def test_output_size_matches_the_formula(name: str, out_index: int, stride: int):
    backbone = TimmBackbone(name, out_index=out_index).eval()
    assert backbone.reduction == stride
    with torch.no_grad():
        for h, w in ((32, 45), (48, 130), (64, 257)):
            out = backbone(torch.zeros(1, 1, h, w))
            assert out.shape[1] == backbone.out_channels
            assert out.shape[2] == backbone.output_height(h)
            assert out.shape[3] == int(backbone.output_width(torch.tensor([w]))[0])


def test_pretrained_path_loads_local_weights_into_one_channel(tmp_path: Path):
    import timm

    source = timm.create_model("resnet18", pretrained=False)  # RGB, with a classifier
    weights = tmp_path / "resnet18.pth"
    torch.save(source.state_dict(), weights)
    backbone = TimmBackbone("resnet18", out_index=1, pretrained=str(weights))
    conv1 = backbone.body.conv1.weight
    assert conv1.shape[1] == 1
    torch.testing.assert_close(conv1[:, 0], source.conv1.weight.sum(1))
    torch.testing.assert_close(backbone.body.layer1[0].conv1.weight, source.layer1[0].conv1.weight)


def test_missing_pretrained_file_is_an_error_naming_it(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="nope.pth"):
        TimmBackbone("resnet18", pretrained=str(tmp_path / "nope.pth"))
