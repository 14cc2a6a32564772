"""Geometry of the small SVG charts (horizontal bars, columns by year, a policy timeline).

Python computes positions; templates in templates/insight/ write the SVG, so text is
escaped by Django and the markup needs no script and no style attribute (colours are
presentation attributes). Right-to-left pages get the mirror image: bars grow from the
right and years run from right to left."""

from dataclasses import dataclass

BAR_FILL = "#1f5a96"  # 7:1 against white
TEXT_FILL = "#1b1b1b"
AXIS_STROKE = "#767676"  # 4.5:1 against white
STATUS_FILLS = {  # policy timeline, by legal status; each at least 3:1 against white
    "in_force": "#1f5a96",
    "draft": "#8a5a00",
    "expired": "#6b6b6b",
    "superseded": "#6b6b6b",
}
MAX_LABEL = 38


@dataclass(frozen=True)
class Datum:
    key: str
    label: str
    value: int


def short(label: str, limit: int = MAX_LABEL) -> str:
    """The label cut to `limit` characters, isolated (FSI ... PDI) so that a title in
    one direction keeps its ellipsis at its end on a page in the other."""
    label = str(label)
    if len(label) > limit:
        label = label[: limit - 1].rstrip() + "…"
    return f"\u2068{label}\u2069"


def bar_chart(data: list[Datum], *, rtl: bool = False, width: int = 720) -> dict:
    """Horizontal bars, one row per datum: label, bar, value."""
    row, top, label_width, gap = 26, 8, 290, 10
    plot = width - label_width - gap - 50  # room for the value after the longest bar
    peak = max((d.value for d in data), default=0) or 1
    rows = []
    for index, datum in enumerate(data):
        length = round(plot * datum.value / peak, 1)
        start = label_width + gap
        bar_x, value_x = start, start + length + 6
        label_x = label_width
        if rtl:
            bar_x, value_x, label_x = width - start - length, width - value_x, width - label_x
        rows.append(
            {
                "datum": datum,
                "label": short(datum.label),
                "y": top + index * row,
                "text_y": top + index * row + 17,
                "bar_x": bar_x,
                "length": length,
                "label_x": label_x,
                "value_x": value_x,
            }
        )
    axis_x = width - label_width - gap if rtl else label_width + gap
    height = top * 2 + row * max(len(data), 1)
    return {
        "width": width,
        "height": height,
        "rows": rows,
        "bar_height": row - 8,
        "axis_x": axis_x,
        "axis_bottom": height - top,
        "rtl": rtl,
        "fill": BAR_FILL,
        "text_fill": TEXT_FILL,
        "axis_stroke": AXIS_STROKE,
    }


def column_chart(data: list[Datum], *, rtl: bool = False, width: int = 720) -> dict:
    """One column per year, years in order (zero years included by the caller)."""
    left, right, top, bottom = 40, 16, 16, 30
    height = 220
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((d.value for d in data), default=0) or 1
    step = plot_w / max(len(data), 1)
    every = max(1, round(len(data) / 10))  # about ten year labels at most
    columns = []
    for index, datum in enumerate(data):
        h = round(plot_h * datum.value / peak, 1)
        x = left + index * step
        if rtl:
            x = width - x - step
        columns.append(
            {
                "datum": datum,
                "x": round(x + step * 0.15, 1),
                "w": round(step * 0.7, 1),
                "y": round(top + plot_h - h, 1),
                "h": h,
                "centre": round(x + step / 2, 1),
                "show_label": index % every == 0 or index == len(data) - 1,
                "value_y": round(top + plot_h - h - 4, 1),
            }
        )
    axis_x = width - left if rtl else left  # the value axis, on the side years start
    return {
        "width": width,
        "height": height,
        "columns": columns,
        "baseline": top + plot_h,
        "label_y": top + plot_h + 18,
        "axis_x": axis_x,
        "baseline_x1": right if rtl else left,
        "baseline_x2": width - left if rtl else width - right,
        "top": top,
        "peak": peak,
        "peak_y": top + 4,
        "peak_label_x": axis_x + 6 if rtl else axis_x - 6,
        "rtl": rtl,
        "fill": BAR_FILL,
        "text_fill": TEXT_FILL,
        "axis_stroke": AXIS_STROKE,
    }


def timeline_chart(
    spans: list[dict], *, first: int, last: int, rtl: bool = False, width: int = 640
) -> dict:
    """One bar per policy from its start to its end year (the adoption year alone when
    that is all that is known). `spans`: dicts with label, start, end, status, url."""
    row, top, label_width, bottom = 22, 6, 220, 24
    plot_left, plot_w = label_width + 10, width - label_width - 20
    years = max(last - first + 1, 1)
    unit = plot_w / years

    def x_of(year):
        x = plot_left + (year - first) * unit
        return width - x if rtl else x

    bars = []
    for index, span in enumerate(spans):
        x1, x2 = x_of(span["start"]), x_of(span["end"] + 1)
        bars.append(
            {
                **span,
                "label": short(span["label"], 30),
                "x": round(min(x1, x2), 1),
                "w": round(max(abs(x2 - x1), 2), 1),
                "y": top + index * row,
                "text_y": top + index * row + 15,
                "label_x": width - label_width if rtl else label_width,
                "fill": STATUS_FILLS.get(span["status"], BAR_FILL),
            }
        )
    baseline = top + row * max(len(spans), 1) + 2
    ticks = _year_ticks(first, last)
    return {
        "width": width,
        "height": baseline + bottom,
        "bars": bars,
        "bar_height": row - 6,
        "baseline": baseline,
        "axis_x1": round(x_of(first), 1),
        "axis_x2": round(x_of(last + 1), 1),
        "ticks": [
            {"year": y, "x": round(x_of(y) + (-unit if rtl else unit) / 2, 1)} for y in ticks
        ],
        "tick_y": baseline + 16,
        "rtl": rtl,
        "text_fill": TEXT_FILL,
        "axis_stroke": AXIS_STROKE,
    }


def _year_ticks(first: int, last: int) -> list[int]:
    span = last - first
    step = next(s for s in (1, 2, 5, 10, 20, 50) if span / s <= 6)
    start = first if step == 1 else first + (-first % step)
    return list(range(start, last + 1, step)) or [first]
