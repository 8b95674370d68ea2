"""DataLoader worker set-up for small CPU machines."""

from __future__ import annotations

import torch


def single_threaded_opencv() -> None:
    """Keep OpenCV from starting its thread pool in this process.

    A DataLoader forks its workers; a pool started in the parent first (an augmentation preview,
    a test that augmented in-process) is copied into the child with its locks held, and the child
    hangs on its first OpenCV call. Called before any loader forks; the workers keep one thread too.
    """
    try:
        import cv2  # optional here: albumentations brings it in training installs

        cv2.setNumThreads(1)
    except ImportError:
        pass


def init_worker(worker_id: int) -> None:
    """One thread per worker: threads fight for cores, and see ``single_threaded_opencv``."""
    single_threaded_opencv()
    torch.set_num_threads(1)
