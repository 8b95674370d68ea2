"""DataLoader worker set-up for small CPU machines."""

from __future__ import annotations

import torch


def init_worker(worker_id: int) -> None:
    """One thread per worker: OpenCV's pool forked into workers can hang, and threads fight for cores."""
    try:
        import cv2

        cv2.setNumThreads(1)
    except ImportError:  # albumentations is optional at inference time
        pass
    torch.set_num_threads(1)
