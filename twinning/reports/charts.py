"""Chart images (PNG) for the Word and PDF reports, drawn from a report's `Chart` data.

Drawn with Pillow, already a dependency, rather than adding matplotlib (tens of megabytes) for
three plain charts: stacked bars by year and a line of indicator values. Text is shaped with
libraqm, so Vietnamese and Arabic labels come out right.
"""

from __future__ import annotations

import functools
import io

from PIL import Image, ImageDraw, ImageFont

from twinning.reports.fonts import merged_font

PALETTE = [
    (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
    (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207),
    (57, 59, 121), (132, 60, 57), (99, 121, 57),
]  # fmt: skip
WIDTH, HEIGHT = 1600, 900


@functools.lru_cache(maxsize=8)
def _font(size: int, bold: bool = False):
    """Return the font at the size, loaded once per process (FreeType reads the whole merged
    file each time otherwise)."""
    return ImageFont.truetype(io.BytesIO(merged_font(700 if bold else 400)), size)


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _direction(text: str) -> str | None:
    return "rtl" if any("\u0600" <= ch <= "\u06ff" for ch in text) else None


def chart_png(chart) -> bytes:
    """Return the chart as a PNG image (1600 × 900)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    title_font, small = _font(40, bold=True), _font(24)
    draw.text((WIDTH // 2, 40), chart.title, font=title_font, fill="black", anchor="mm",
              direction=_direction(chart.title))  # fmt: skip
    left, top, right, bottom = 150, 110, WIDTH - 60, HEIGHT - 260
    labels = chart.labels
    if chart.kind == "bar":
        stacks = [sum(values[i] or 0 for _n, values in chart.series) for i in range(len(labels))]
        top_value = _nice_max(max(stacks, default=0))
    else:
        values = [v for _n, vals in chart.series for v in vals if v is not None]
        top_value = 100 if chart.unit == "%" else _nice_max(max(values, default=0))
    # axes and grid
    for step in range(6):
        y = bottom - (bottom - top) * step / 5
        draw.line([(left, y), (right, y)], fill=(220, 220, 220), width=2)
        value = top_value * step / 5
        text = f"{value:g}"
        draw.text((left - 12, y), text, font=small, fill="black", anchor="rm")
    draw.line([(left, top), (left, bottom), (right, bottom)], fill="black", width=3)
    draw.text((left, top - 30), chart.unit, font=small, fill="black", anchor="lm",
              direction=_direction(chart.unit))  # fmt: skip
    count = max(len(labels), 1)
    slot = (right - left) / count
    for i, label in enumerate(labels):
        x = left + slot * (i + 0.5)
        draw.text((x, bottom + 24), label, font=small, fill="black", anchor="mm")
    if chart.kind == "bar":
        for i in range(len(labels)):
            x0 = left + slot * i + slot * 0.18
            x1 = left + slot * (i + 1) - slot * 0.18
            base = bottom
            for index, (_name, values) in enumerate(chart.series):
                value = values[i] or 0
                height = (bottom - top) * value / top_value
                if height > 0:
                    draw.rectangle(
                        [x0, base - height, x1, base], fill=PALETTE[index % len(PALETTE)]
                    )
                base -= height
    else:
        for index, (_name, values) in enumerate(chart.series):
            points = [
                (left + slot * (i + 0.5), bottom - (bottom - top) * v / top_value)
                for i, v in enumerate(values)
                if v is not None
            ]
            colour = PALETTE[index % len(PALETTE)]
            if len(points) > 1:
                draw.line(points, fill=colour, width=5)
            for x, y in points:
                draw.ellipse([x - 8, y - 8, x + 8, y + 8], fill=colour)
    # legend, two columns below the plot
    for index, (name, _values) in enumerate(chart.series):
        column, row = index % 2, index // 2
        x = left + column * (right - left) / 2
        y = bottom + 70 + row * 38
        draw.rectangle([x, y - 12, x + 24, y + 12], fill=PALETTE[index % len(PALETTE)])
        draw.text((x + 36, y), name[:60], font=small, fill="black", anchor="lm",
                  direction=_direction(name))  # fmt: skip
    buffer = io.BytesIO()
    # A plain image of few colours: the palette keeps it small; "optimize" tripled the time
    # of the Word report for a few kilobytes.
    image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        buffer, format="PNG", compress_level=6
    )
    return buffer.getvalue()
