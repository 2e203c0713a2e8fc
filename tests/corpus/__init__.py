"""The layout-variation corpus: the samples' truth rendered through many layouts.

`python -m tests.corpus` (or `make corpus`) regenerates `pdfs/` and `truth/` and checks every
variant; `check.py` is the self-check the tests run on the committed files.
"""
