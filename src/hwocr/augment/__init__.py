"""Augmentation for line images: albumentations 2.x pipelines with one strength knob, and hwocr's own transforms.

Pipelines are ``conf/augment/*.yaml`` built by ``pipeline.build_pipeline``; the transforms for
handwriting and forms live one concern per module (``slant``, ``stroke_width``, ``ink``,
``forms``, ``seal``, ``scanner``, ``paper``). ``preview`` draws what a pipeline does;
``hwocr-augment preview augment=NAME out=FILE.png`` is its command line.
"""
