"""Torch-free inference: numpy, onnxruntime and pillow only. What production embeds.

    from hwocr.runtime import Recognizer
    for p in Recognizer("model.onnx").predict(["line1.png", "line2.png"]):
        print(p.source, p.text, p.confidence)
"""

from hwocr.runtime.model_metadata import FrameGeometry, MetadataError, ModelMetadata
from hwocr.runtime.prediction import Prediction
from hwocr.runtime.recognizer import Recognizer

__all__ = ["FrameGeometry", "MetadataError", "ModelMetadata", "Prediction", "Recognizer"]
