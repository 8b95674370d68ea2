"""The pipeline every ``conf/augment/*.yaml`` builds: transforms scaled by one ``strength``, seeded per worker.

    _target_: hwocr.augment.pipeline.build_pipeline
    _recursive_: false          # the transforms are built here, after their magnitudes are scaled
    strength: 1.0               # hwocr-train augment.strength=0.5
    transforms:
      - _target_: hwocr.augment.slant.Slant
        shear_range: [-0.3, 0.3]
        p: 0.5

Reproducibility: albumentations' ``Compose`` keeps its own random state, which every DataLoader
worker would inherit unchanged (each worker, and each epoch's new workers, would then draw the
same augmentations). ``AugmentPipeline`` reseeds itself the first time it runs in a process or
worker: in a worker from ``(seed, worker_info.seed)`` -- torch derives that from the main
process's generator, so it is fixed by the run's seed and differs per worker and per epoch; in
the main process from ``seed``, or from ``torch.initial_seed()`` (the run's seed after
``seed_everything``) when ``seed`` is null. Same seed and worker count, same pixels. The training
loader goes further (``hwocr.data.resume``): ``seed_sample`` seeds each line from (run seed, index),
so a resumed run and any worker count draw the same augmentation for a line.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping, Sequence
from typing import Any

import albumentations as A
import hydra
import numpy as np
from omegaconf import DictConfig, ListConfig, OmegaConf
from torch.utils.data import get_worker_info

from hwocr.augment.strength import scale_transform_config


class AugmentPipeline(A.Compose):
    """An albumentations ``Compose`` that reseeds itself per process and DataLoader worker."""

    def __init__(self, transforms: Sequence[Any], seed: int | None = None, strength: float = 1.0, p: float = 1.0):
        super().__init__(list(transforms), p=p, seed=seed)
        self.base_seed = seed
        self.strength = float(strength)
        self._seeded_for: tuple | None = None

    def _stream_key(self) -> tuple:
        info = get_worker_info()
        if info is not None:
            return (os.getpid(), info.id, int(info.seed))
        import torch

        return (os.getpid(), None, None if self.base_seed is not None else torch.initial_seed())

    def reseed(self, key: tuple | None = None) -> None:
        """Set the random state for the current process/worker (see the module docstring)."""
        key = key or self._stream_key()
        _, worker, run_seed = key
        if worker is not None:
            entropy = [self.base_seed or 0, run_seed]
        else:
            entropy = [self.base_seed if self.base_seed is not None else run_seed]
        seed = int(np.random.SeedSequence(entropy).generate_state(1)[0])
        self.set_random_seed(seed)
        self.seed = self.base_seed  # set_random_seed overwrites it; keep the configured value
        self._seeded_for = key

    def copy_with_seed(self, seed: int) -> AugmentPipeline:
        """An independent copy that draws from ``seed`` alone (previews: the original's stream is untouched)."""
        other = copy.deepcopy(self)
        other.base_seed = int(seed)
        other.reseed((os.getpid(), None, None))
        return other

    def seed_sample(self, *entropy: int) -> None:
        """Draw the next call from ``entropy`` (and ``seed`` when set), not from the process stream.

        The training loader seeds each line from (run seed, index) (``hwocr.data.resume``): a
        line's augmentation then does not depend on the worker count or on where a resumed run
        restarted its epoch."""
        mix = [*entropy] if self.base_seed is None else [self.base_seed, *entropy]
        self.set_random_seed(int(np.random.SeedSequence(mix).generate_state(1)[0]))
        self.seed = self.base_seed
        self._seeded_for = self._stream_key()

    def __call__(self, *args: Any, force_apply: bool = False, **data: Any) -> dict[str, Any]:
        key = self._stream_key()
        if key != self._seeded_for:
            self.reseed(key)
        return super().__call__(*args, force_apply=force_apply, **data)


def _plain(node: Any) -> Any:
    if isinstance(node, DictConfig | ListConfig):
        return OmegaConf.to_container(node, resolve=True)
    return node


def build_pipeline(
    transforms: Sequence[Mapping[str, Any]],
    strength: float = 1.0,
    seed: int | None = None,
    p: float = 1.0,
) -> AugmentPipeline:
    """Scale every transform config's magnitudes by ``strength``, build them, wrap them."""
    strength = float(strength)
    if not (strength >= 0 and np.isfinite(strength)):
        raise ValueError(f"augment.strength must be a finite number >= 0, got {strength}")
    configs = _plain(transforms)
    if not isinstance(configs, list):
        raise ValueError(f"augment.transforms must be a list of transform configs, got {type(configs).__name__}")
    built = []
    for i, node in enumerate(configs):
        where = f"augment.transforms[{i}]"
        if not isinstance(node, Mapping):
            raise ValueError(f"{where}: expected a transform config with _target_, got {node!r}")
        built.append(hydra.utils.instantiate(scale_transform_config(node, strength, where), _convert_="all"))
    return AugmentPipeline(built, seed=seed, strength=strength, p=p)
