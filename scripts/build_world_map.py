"""Builds iite_portal/data/world_countries.json, the country shapes of the coverage map.

Source: the `world-atlas` npm package (countries-50m.json, TopoJSON of Natural Earth's
public-domain 1:50m admin-0 countries; packaging ISC, Michael Bostock). Run once when the
shapes should change, from a folder holding that file:

    npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    python scripts/build_world_map.py package/countries-50m.json

It projects to Equal Earth (an equal-area projection, so shading is not distorted by size),
simplifies each shared border once (Douglas-Peucker on the TopoJSON arcs, so neighbours
still meet), keys each country by ISO 3166-1 alpha-2 and writes integer, relative SVG path
data. Antarctica is left out; areas without an ISO code are kept as plain land."""

import json
import math
import sys
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parent.parent / "iite_portal" / "data" / "world_countries.json"
WIDTH = 2000  # viewBox units; integer coordinates are half a pixel at 1000 px wide
TOLERANCE = 1.2  # Douglas-Peucker tolerance in viewBox units
MIN_RING_AREA = 6.0  # drop islands smaller than this (square viewBox units) ...
SMALL_COUNTRY_AREA = 60.0  # ... and mark countries smaller than this with a dot
SOUTH_LIMIT = -58.0  # degrees; crop below Tierra del Fuego

A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
X_MAX = 2.7206990386  # Equal Earth x at longitude 180 on the equator


def equal_earth(lon, lat):
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def douglas_peucker(points, tol):
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first][:2], points[last][:2]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        best, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i][:2]
            if norm:
                dist = abs(dy * (px - x1) - dx * (py - y1)) / norm
            else:  # a closed arc (an island): distance to its start point
                dist = math.hypot(px - x1, py - y1)
            if dist > best:
                best, index = dist, i
        if index is not None and best > tol:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring_area(ring):
    return abs(
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


def build(path):
    topo = json.loads(Path(path).read_text(encoding="utf-8"))
    scale = WIDTH / (2 * X_MAX)
    _, y_top = equal_earth(0, 90)
    _, y_bottom = equal_earth(0, SOUTH_LIMIT)

    def project(lon, lat):
        x, y = equal_earth(lon, max(lat, SOUTH_LIMIT))
        return (x + X_MAX) * scale, (y_top - y) * scale, lon, lat

    def unwrap(ring):
        """A ring crossing the antimeridian (eastern Russia) would be drawn across the
        whole map: its points beyond 180 degrees are put on the map's edge instead."""
        if not any(abs(a[2] - b[2]) > 180 for a, b in zip(ring, ring[1:], strict=False)):
            return [p[:2] for p in ring]
        east = sum(p[2] > 0 for p in ring) >= len(ring) / 2
        edge = 180 if east else -180
        return [p[:2] if (p[2] > 0) == east else project(edge, p[3])[:2] for p in ring]

    raw_arcs = [[project(*p) for p in arc] for arc in decode_arcs(topo)]
    arcs = [douglas_peucker(arc, TOLERANCE) for arc in raw_arcs]

    def ring_points(indexes, source):
        points = []
        for index in indexes:
            arc = source[index] if index >= 0 else source[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    countries, land = {}, []
    for geometry in topo["objects"]["countries"]["geometries"]:
        code = iso2(geometry.get("id"))
        polygons = geometry.get("arcs", [])
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        if code == "AQ" or not polygons:
            continue
        indexes = [ring for polygon in polygons for ring in polygon]
        rings = [unwrap(ring_points(r, arcs)) for r in indexes]
        rings = [dedupe([(round(x), round(y)) for x, y in ring]) for ring in rings]
        rings = [ring for ring in rings if len(ring) >= 3]
        shape = {"d": ""}
        if rings:
            largest = max(rings, key=ring_area)
            kept = [r for r in rings if r is largest or ring_area(r) >= MIN_RING_AREA]
            shape["d"] = "".join(svg_ring(r) for r in kept)
        if sum(ring_area(r) for r in rings) < SMALL_COUNTRY_AREA:
            # Too small to see or click: a dot at the centre of its largest unsimplified part.
            raw = max((unwrap(ring_points(r, raw_arcs)) for r in indexes), key=ring_area)
            shape["dot"] = [
                round(sum(x for x, _ in raw) / len(raw)),
                round(sum(y for _, y in raw) / len(raw)),
            ]
        if code:
            countries[code] = shape
        elif shape["d"]:
            land.append(shape["d"])
    height = math.ceil((y_top - y_bottom) * scale)
    return {
        "source": "Natural Earth 1:50m admin-0 (public domain), via world-atlas 2 (ISC)",
        "viewbox": [0, 0, WIDTH, height],
        "countries": dict(sorted(countries.items())),
        "land": land,
    }


def dedupe(ring):
    out = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def svg_ring(ring):
    (x0, y0), parts = ring[0], []
    for (xa, ya), (xb, yb) in zip(ring, ring[1:], strict=False):
        parts.append(f"{xb - xa} {yb - ya}".replace(" -", "-"))
    return f"M{x0} {y0}l" + " ".join(parts).replace(" -", "-") + "z"


def iso2(numeric):
    if numeric is None:
        return None
    country = pycountry.countries.get(numeric=numeric)
    return country.alpha_2 if country else None


if __name__ == "__main__":
    data = build(sys.argv[1])
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(data['countries'])} countries, {OUT.stat().st_size} bytes -> {OUT}")
