"""Width-bucketed batches, and their disjoint shards under DDP (explicit ranks and two gloo processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import pytorch_lightning as pl
import torch
import torch.distributed as dist

from hwocr.data.sampler import WidthBucketBatchSampler

ROOT = Path(__file__).resolve().parents[2]


class Widths:
    def __init__(self, widths):
        self.widths = widths

    def __len__(self):
        return len(self.widths)

    def width_hint(self, i):
        return self.widths[i % len(self.widths)]


def spread(ds: Widths, batches: list[list[int]]) -> float:
    return float(np.mean([np.ptp([ds.width_hint(i) for i in b]) for b in batches]))


def test_bucket_sampler_covers_everything_once_and_groups_widths():
    rng = np.random.default_rng(0)
    ds = Widths(list(rng.integers(10, 1000, 200)))
    sampler = WidthBucketBatchSampler(ds, batch_size=8, pool_batches=25)
    batches = list(sampler)
    assert sorted(i for b in batches for i in b) == list(range(200))
    assert len(batches) == len(sampler) == 25
    assert spread(ds, batches) < 150  # random batches would spread ~800 px


def test_bucket_sampler_fresh_epochs_shift_indices_deterministically():
    ds = Widths([10] * 16)
    sampler = WidthBucketBatchSampler(ds, batch_size=4, fresh_epochs=True, seed=3)
    first = list(sampler)
    sampler.set_epoch(1)
    second = list(sampler)
    assert sorted(i for b in second for i in b) == list(range(16, 32))
    sampler.set_epoch(0)
    assert list(sampler) == first


@pytest.mark.parametrize("lines, world, drop_last", [(203, 3, False), (203, 3, True), (64, 2, False), (5, 4, False)])
def test_ranks_get_disjoint_equal_shards_every_epoch(lines: int, world: int, drop_last: bool):
    rng = np.random.default_rng(1)
    ds = Widths(list(rng.integers(10, 1000, lines)))
    for epoch in range(3):
        shards, counts = [], set()
        for rank in range(world):
            sampler = WidthBucketBatchSampler(ds, batch_size=4, pool_batches=8, drop_last=drop_last, seed=7,
                                              fresh_epochs=True, num_replicas=world, rank=rank)
            sampler.set_epoch(epoch)
            batches = list(sampler)
            assert len(batches) == len(sampler)
            counts.add(len(batches))
            shards.append({i for b in batches for i in b})
        assert len(counts) == 1  # same number of batches on every rank: no rank waits in an all-reduce
        assert all(not (a & b) for k, a in enumerate(shards) for b in shards[k + 1:])
        seen = set().union(*shards)
        assert all(epoch * lines <= i < (epoch + 1) * lines for i in seen)
        assert lines - len(seen) < world + (world * 4 if drop_last else 0)  # the remainder only


def test_shards_keep_the_width_bucketing_and_change_with_the_epoch():
    rng = np.random.default_rng(2)
    ds = Widths(list(rng.integers(10, 1000, 400)))
    sampler = WidthBucketBatchSampler(ds, batch_size=8, pool_batches=25, num_replicas=2, rank=1)
    first = list(sampler)
    assert spread(ds, first) < 150
    sampler.set_epoch(1)
    assert {i for b in list(sampler) for i in b} != {i for b in first for i in b}


def test_datasets_without_width_hints_and_bad_ranks():
    batches = list(WidthBucketBatchSampler(list(range(10)), batch_size=4, num_replicas=2, rank=0))
    assert [len(b) for b in batches] == [4, 1]
    with pytest.raises(ValueError, match="rank must lie in"):
        WidthBucketBatchSampler(Widths([10] * 8), batch_size=2, num_replicas=2, rank=2)
    with pytest.raises(ValueError, match="3 lines, fewer than the 4 ranks"):
        WidthBucketBatchSampler(Widths([10] * 3), batch_size=2, num_replicas=4, rank=0)


def _gloo_rank(rank: int, world: int, init_file: str, out_dir: str) -> None:
    """One DDP rank: shards from the process group, one all-reduced gradient step per batch."""
    dist.init_process_group("gloo", init_method=f"file://{init_file}", rank=rank, world_size=world)
    torch.set_num_threads(1)
    ds = Widths(list(np.random.default_rng(0).integers(10, 1000, 61)))
    sampler = WidthBucketBatchSampler(ds, batch_size=4, pool_batches=4, seed=5, fresh_epochs=True)
    model = torch.nn.parallel.DistributedDataParallel(torch.nn.Linear(1, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
    seen = []
    for epoch in range(2):
        sampler.set_epoch(epoch)
        for batch in sampler:
            x = torch.tensor([[float(ds.width_hint(i)) / 1000.0] for i in batch], dtype=torch.float32)
            optimizer.zero_grad()
            model(x).pow(2).mean().backward()  # the gradient all-reduce: a short rank would hang here
            optimizer.step()
            seen.extend(batch)
    weights = [torch.zeros(1) for _ in range(world)]
    dist.all_gather(weights, model.module.weight.detach().reshape(1))
    Path(out_dir, f"rank{rank}.json").write_text(json.dumps({"seen": seen, "weights": [float(w) for w in weights]}))
    dist.destroy_process_group()


def run_two_gloo_ranks(out_dir: str) -> None:
    torch.multiprocessing.spawn(_gloo_rank, args=(2, os.path.join(out_dir, "init"), out_dir), nprocs=2, join=True)


def test_two_gloo_processes_train_on_disjoint_shards(tmp_path: Path):
    code = f"from tests.data.test_sampler import run_two_gloo_ranks; run_two_gloo_ranks({str(tmp_path)!r})"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    ranks = [json.loads((tmp_path / f"rank{r}.json").read_text()) for r in range(2)]
    seen = [set(r["seen"]) for r in ranks]
    assert len(ranks[0]["seen"]) == len(ranks[1]["seen"]) == 2 * 30  # 61 lines -> 30 each, two epochs
    assert not seen[0] & seen[1]
    assert len(seen[0] | seen[1]) == 120 and max(seen[0] | seen[1]) < 122  # epoch 1 indices are offset by 61
    assert ranks[0]["weights"][0] == ranks[0]["weights"][1]  # DDP kept the replicas in step


class LinesSeen(pl.Callback):
    """A Lightning callback (``+callbacks.seen``) that writes the training line ids each rank drew."""

    def __init__(self, out_dir: str) -> None:
        super().__init__()
        self.out_dir = Path(out_dir)
        self.ids: list[str] = []

    def on_train_batch_start(self, trainer, pl_module, batch, batch_idx) -> None:
        self.ids.extend(batch["ids"])

    def on_train_end(self, trainer, pl_module) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        (self.out_dir / f"rank{trainer.global_rank}.json").write_text(json.dumps(self.ids))


@pytest.mark.slow
def test_hwocr_train_with_trainer_ddp_on_two_cpu_processes(tmp_path: Path):
    from tests.train_overrides import TINY_LIMIT

    seen = tmp_path / "seen"
    cmd = [sys.executable, "-m", "hwocr.cli.train", f"paths.log_dir={tmp_path / 'logs'}", *TINY_LIMIT, "logger=none",
           "trainer=ddp", "trainer.accelerator=cpu", "trainer.devices=2", "trainer.precision=32-true",
           "+callbacks.seen._target_=tests.data.test_sampler.LinesSeen", f"+callbacks.seen.out_dir={seen}"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-4000:]
    ranks = [json.loads((seen / f"rank{r}.json").read_text()) for r in range(2)]
    # 16 training lines, batch 4: 8 lines and 2 batches per rank instead of all 16 on both.
    assert len(ranks[0]) == len(ranks[1]) == 8 and not set(ranks[0]) & set(ranks[1])
    (run,) = (tmp_path / "logs" / "debug" / "runs").iterdir()
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["status"] == "completed" and metrics["global_step"] == 2


def test_lightning_set_epoch_reaches_the_batch_sampler():
    from lightning_fabric.utilities.data import _set_sampler_epoch
    from torch.utils.data import DataLoader

    ds = Widths([10] * 16)
    sampler = WidthBucketBatchSampler(ds, batch_size=4, fresh_epochs=True)
    _set_sampler_epoch(DataLoader(ds, batch_sampler=sampler), 3)  # what the fit loop calls each epoch
    assert sampler.epoch == 3 and min(i for b in sampler for i in b) >= 48


def test_sampler_state_resumes_its_epoch_at_the_next_batch_and_only_that_epoch():
    ds = Widths(list(np.random.default_rng(3).integers(10, 1000, 40)))
    make = lambda: WidthBucketBatchSampler(ds, batch_size=4, pool_batches=3, seed=9, fresh_epochs=True)  # noqa: E731
    sampler = make()
    sampler.set_epoch(2)
    epoch2 = list(sampler)
    sampler.batches_done = 4  # four batches trained, then the checkpoint
    state = sampler.state_dict()
    assert state["epoch"] == 2 and state["batches_done"] == 4
    resumed = make()
    resumed.load_state_dict(state)
    resumed.set_epoch(2)
    assert list(resumed) == epoch2[4:] and resumed.batches_done == 4
    assert list(resumed) == epoch2  # the skip applies once: the next pass is the whole epoch
    closed = make()
    closed.load_state_dict(state)
    closed.set_epoch(3)  # the checkpoint closed epoch 2: epoch 3 starts at its beginning
    reference = make()
    reference.set_epoch(3)
    assert list(closed) == list(reference)


def test_sampler_state_from_other_data_restarts_the_epoch_with_a_warning(caplog):
    sampler = WidthBucketBatchSampler(Widths([10] * 40), batch_size=4, seed=1)
    state = {**sampler.state_dict(), "batches_done": 3, "batch_size": 8}
    sampler.load_state_dict(state)
    assert len(list(sampler)) == 10
    assert "batch_size 8 -> 4" in caplog.text
    with pytest.raises(ValueError, match="lacks \\['batches_done'\\]"):
        sampler.load_state_dict({"epoch": 1})
