"""Readers for published handwriting datasets, kept where the user keeps them: each turns its
dataset's own file format into labelled images (and, with ``write_*_manifest``, into a line
manifest every hwocr tool reads). Nothing is downloaded."""
