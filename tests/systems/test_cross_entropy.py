"""Teacher-forcing token layout of the cross-entropy system."""

from __future__ import annotations

import torch

from hwocr.systems.cross_entropy import IGNORE, teacher_forcing_tokens

BOS, EOS, PAD = 10, 0, 11


def test_inputs_start_with_bos_and_outputs_end_with_eos():
    targets = torch.tensor([3, 4, 5, 7])
    inputs, outputs = teacher_forcing_tokens(targets, torch.tensor([3, 1]), BOS, EOS, PAD, max_length=8)
    assert inputs.tolist() == [[BOS, 3, 4, 5], [BOS, 7, PAD, PAD]]
    assert outputs.tolist() == [[3, 4, 5, EOS], [7, EOS, IGNORE, IGNORE]]


def test_lines_over_the_limit_are_cut_without_eos():
    inputs, outputs = teacher_forcing_tokens(torch.tensor([1, 2, 3, 4]), torch.tensor([4]), BOS, EOS, PAD, max_length=2)
    assert inputs.tolist() == [[BOS, 1, 2]]
    assert outputs.tolist() == [[1, 2, IGNORE]]


def test_permutation_orders_start_left_to_right_then_right_to_left():
    from functools import partial

    from hwocr.core.charset import Charset
    from hwocr.models.backbones.vgg import VGGBackbone
    from hwocr.models.encoder_decoder import EncoderDecoderRecognizer
    from hwocr.models.encoders.transformer import TransformerEncoder
    from hwocr.systems.cross_entropy import CrossEntropySystem

    net = partial(EncoderDecoderRecognizer, VGGBackbone([[8, 1, 2, 2], [8, 1, 8, 2]]),
                  partial(TransformerEncoder, dim=16, depth=1, heads=2), input_height=16, decoder_depth=1, heads=2)
    system = CrossEntropySystem(net, Charset(list("あいう")), partial(torch.optim.AdamW), permutations=4).train()
    orders = system.orders(5)
    assert orders[0].tolist() == [0, 1, 2, 3, 4] and orders[1].tolist() == [4, 3, 2, 1, 0] and len(orders) == 4
    assert sorted(orders[3].tolist()) == [0, 1, 2, 3, 4]
    batch = {"images": torch.full((2, 1, 16, 40), 255.0), "targets": torch.tensor([1, 2, 3]),
             "target_lengths": torch.tensor([2, 1])}
    loss = system.loss(batch)
    loss.backward()
    assert torch.isfinite(loss)
