"""hwocr: Japanese handwritten text recognition.

Kept import-light on purpose: ``hwocr.runtime`` must load without torch.
"""

import os

# albumentations checks PyPI for updates when imported unless told not to; hwocr never reaches out.
os.environ.setdefault("NO_ALBUMENTATIONS_UPDATE", "1")

__version__ = "0.1.0"
