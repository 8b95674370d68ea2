"""``hwocr-bench profile``: a real training step under torch.profiler, grouped by operator kind."""

from __future__ import annotations

import torch

from hwocr.bench.step_profile import OTHER, kind_of, profile_step, recurrent_flops
from hwocr.cli.bench import main as bench_cli


def test_operator_names_fall_into_kinds() -> None:
    assert kind_of("aten::mkldnn_convolution") == kind_of("aten::convolution_backward") == "convolution"
    assert kind_of("aten::mkldnn_rnn_layer") == kind_of("aten::lstm") == "recurrent"
    assert kind_of("aten::_ctc_loss") == "ctc" and kind_of("aten::addmm") == "linear / matmul"
    assert kind_of("aten::native_batch_norm") == "norm / activation / pool" and kind_of("aten::copy_") == OTHER


def test_recurrent_flops_count_the_gate_matmuls() -> None:
    lstm = torch.nn.LSTM(10, 6, num_layers=2, bidirectional=True, batch_first=True)
    # tokens 3 x 5, per direction 2 x 4 gates x 6 x (input + 6): layer 0 input 10, layer 1 input 12
    expected = 15 * 2 * 2 * 4 * 6 * ((10 + 6) + (12 + 6))
    assert recurrent_flops(torch.nn.Sequential(lstm), torch.zeros(3, 5, 10)) == expected


def test_a_crnn_step_is_split_into_its_kinds() -> None:
    torch.set_num_threads(1)
    result = profile_step("crnn_small", height=32, batch_size=2, steps=1)
    for kind in ("convolution", "recurrent", "ctc", "optimizer"):
        assert result.ms_by_kind[kind] > 0, kind
    assert result.gflops_by_kind["convolution"] > 0 and result.gflops_by_kind["recurrent"] > 0
    assert result.step_ms > 0 and result.data_ms > 0 and result.mean_width >= 32
    table = result.table()
    assert table.startswith("| crnn_small, batch 2") and "| convolution |" in table and "lines/s" in table


def test_the_subcommand_prints_one_table_per_model(capsys) -> None:
    assert bench_cli(["profile", "--models", "crnn_small", "--batch-size", "2", "--steps", "1", "--threads", "1"]) == 0
    assert capsys.readouterr().out.count("| crnn_small, batch 2") == 1
