"""Affine matrices of PDF user space, in the PDF's row-vector convention (a b c d e f)."""

from __future__ import annotations

from collections.abc import Sequence

from .model import BBox

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def multiply(first: Matrix, then: Matrix) -> Matrix:
    """The matrix applying ``first`` and then ``then``."""
    a, b, c, d, e, f = first
    A, B, C, D, E, F = then
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return (a * x + c * y + e, b * x + d * y + f)


def bounds(points: Sequence[tuple[float, float]]) -> BBox:
    """The smallest box holding every point."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return BBox(min(xs), min(ys), max(xs), max(ys))
