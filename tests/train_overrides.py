"""Hydra overrides that shrink ``hwocr-train`` to seconds: shared by every test that runs the app."""

TINY = [
    "model=crnn_small",
    "data.height=32",
    "data.train.size=16",
    "data.val.size=8",
    "data.batch_size=4",
    "data.num_workers=0",
    "extras.print_config=false",
]
# A few batches, one epoch, one thread: runs that write checkpoints and metrics.
TINY_LIMIT = [*TINY, "debug=limit", "trainer.max_epochs=1", "threads=1"]
