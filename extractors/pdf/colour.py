"""Colour-space conversion to the RGB of the page model."""

from __future__ import annotations

from collections.abc import Sequence

from .model import RGB


def to_rgb(value: object) -> RGB | None:
    """Grey, RGB or CMYK components (0..1) as RGB; anything else (patterns, names) as None."""
    if value is None or isinstance(value, str):
        return None
    if isinstance(value, (int, float)):
        components: Sequence[float] = (float(value),)
    elif isinstance(value, Sequence):
        try:
            components = [float(v) for v in value]
        except (TypeError, ValueError):
            return None
    else:
        return None
    components = [min(1.0, max(0.0, c)) for c in components]
    if len(components) == 1:
        g = components[0]
        return (g, g, g)
    if len(components) == 3:
        return (components[0], components[1], components[2])
    if len(components) == 4:
        c, m, y, k = components
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None
