"""hwocr: Japanese handwritten text recognition.

Kept import-light on purpose: ``hwocr.runtime`` must load without torch.
"""

__version__ = "0.1.0"
