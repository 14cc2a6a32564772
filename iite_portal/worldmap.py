"""The policy coverage map: country shapes (data/world_countries.json, built by
scripts/build_world_map.py from Natural Earth) shaded by the number of policies in force."""

import json
from functools import cache

from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .vocab import DATA_DIR, sort_key

# (lowest count, fill, legend label): sequential blues, each a step darker.
BINS = [
    (0, "#d4d4d4", _("None")),
    (1, "#9ecae1", "1"),
    (2, "#4a90c2", "2"),
    (3, "#1f5a96", "3–4"),
    (5, "#08306b", _("5 or more")),
]


@cache
def shapes() -> dict:
    with open(DATA_DIR / "world_countries.json", encoding="utf-8") as fh:
        return json.load(fh)


def fill_for(count: int) -> str:
    return next(fill for low, fill, _label in reversed(BINS) if count >= low)


def country_url(code: str) -> str:
    """The country's page; a plain path while the country pages are not installed."""
    try:
        return reverse("country_detail", args=[code])
    except NoReverseMatch:
        return f"/{get_language()}/countries/{code}/"


def map_context(counts: dict[str, int]) -> dict:
    data = shapes()
    names = dict(countries)  # translated into the active language
    drawn = [
        {
            "code": code,
            "name": names.get(code, code),
            "count": counts.get(code, 0),
            "fill": fill_for(counts.get(code, 0)),
            "url": country_url(code),
            **shape,
        }
        for code, shape in data["countries"].items()
    ]
    table = sorted(
        (
            {"code": code, "name": names.get(code, code), "count": n, "url": country_url(code)}
            for code, n in counts.items()
            if n
        ),
        key=lambda row: (-row["count"], sort_key(row["name"])),
    )
    return {
        "viewbox": " ".join(map(str, data["viewbox"])),
        "countries": drawn,
        "land": data["land"],
        "table": table,
        "legend": [{"fill": fill, "label": label} for _low, fill, label in BINS],
        "country_total": len(table),
    }
