"""``ketos train`` with a wall-clock budget (kraken's venv, not hwocr's).

ketos 7.1.1 has no time limit: it stops on early stopping or a number of epochs. For an equal
budget this runs ketos's own ``train`` command unchanged and only hands its Lightning trainer
``max_time`` — the Lightning ``Timer`` hwocr's ``trainer.max_time`` uses too, so both engines
count the budget from the start of training (validation included) and validate once more when it
runs out. fit_clock.py (beside this file) writes the fit's wall and CPU time and lines as JSON.

    python kraken_train.py BUDGET_SECONDS CLOCK_JSON ketos-arguments...
    python kraken_train.py 480 clock.json -d cpu --threads 2 --workers 1 train -f path -t train.lst ...
"""

from __future__ import annotations

import sys

import kraken.train
from fit_clock import lightning_fit_clock
from kraken.ketos import cli


def patch_trainer(budget_s: float, clock_path: str) -> None:
    """ketos builds ``kraken.train.KrakenTrainer`` itself: give every instance the budget and the clock."""
    trainer_cls = kraken.train.KrakenTrainer
    original_init = trainer_cls.__init__

    def init(self, *args, **kwargs):
        kwargs["max_time"] = {"seconds": budget_s}
        kwargs["callbacks"] = [*kwargs.get("callbacks", []), lightning_fit_clock(clock_path)]
        original_init(self, *args, **kwargs)

    trainer_cls.__init__ = init


def main(argv: list[str]) -> None:
    if len(argv) < 3:
        sys.exit(__doc__)
    patch_trainer(float(argv[0]), argv[1])
    cli.main(args=argv[2:], prog_name="ketos")


if __name__ == "__main__":
    main(sys.argv[1:])
