"""Every hwocr console script: thin Hydra or argparse apps over importable logic.

Importing this package sets the process-wide defaults every entry point needs before heavy
libraries load: albumentations must not check PyPI at import (clusters have no network), and W&B
stays quiet (it is offline unless the user configured it: ``hwocr.cli.resolvers.wandb_offline``).
"""

import os

os.environ.setdefault("NO_ALBUMENTATIONS_UPDATE", "1")
os.environ.setdefault("WANDB_SILENT", "true")
