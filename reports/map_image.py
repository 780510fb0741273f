"""The static district map of the note: geopandas + matplotlib, coloured with the heat map's own classes and
colours (``components.heatmap.measures.MEASURES`` → ``geo.colors``), with its legend and the OSM attribution."""
from __future__ import annotations

import io

import pandas as pd

from components.heatmap.measures import Measure, legend_classes
from geo.colors import NO_DATA, ColorScale


def _rgb(color: tuple[int, int, int]) -> tuple[float, float, float]:
    return tuple(c / 255 for c in color)


def district_map_png(geojson: dict, figures: pd.DataFrame, measure: Measure, scale: ColorScale,
                     selected: tuple[int, ...], attribution: str, *, dpi: int = 150) -> bytes:
    """PNG of the districts of ``geojson`` filled by ``scale.color`` of ``figures[measure.key]`` (districts left
    out by ``selected`` grey, as on the heat map), with names and values, the legend and ``attribution``."""
    import geopandas as gpd
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.patches import Patch

    gdf = gpd.GeoDataFrame.from_features(geojson["features"], crs="EPSG:4326").to_crs(3857)
    by_name = figures.set_index("district")
    values, fills, labels = [], [], []
    for name in gdf["district"]:
        row = by_name.loc[name] if name in by_name.index else None
        chosen = row is not None and (not selected or int(row["district_id"]) in selected)
        value = row[measure.key] if chosen else None
        values.append(value)
        fills.append(_rgb(scale.color(value) if chosen else NO_DATA))
        labels.append(f"{name}\n{measure.fmt(value)}" if chosen else name)
    fig, ax = plt.subplots(figsize=(7.2, 6.4), dpi=dpi)
    gdf.plot(ax=ax, color=fills, edgecolor=(0.27, 0.27, 0.27), linewidth=0.8)
    for geom, label in zip(gdf.geometry, labels):
        point = geom.representative_point()
        ax.annotate(label, (point.x, point.y), ha="center", va="center", fontsize=7.5, fontweight="bold",
                    bbox={"boxstyle": "round,pad=0.2", "fc": (1, 1, 1, 0.75), "ec": "none"})
    ax.set_axis_off()
    handles = [Patch(facecolor=_rgb(color), edgecolor=(0.45, 0.45, 0.45), label=label)
               for (lo, hi, color), (_, label) in zip(scale.classes(), legend_classes(measure, scale))]
    handles.append(Patch(facecolor=_rgb(NO_DATA), edgecolor=(0.45, 0.45, 0.45), label="нет данных / не выбран"))
    ax.legend(handles=handles, title=f"{measure.label}, {measure.unit}", loc="upper left", bbox_to_anchor=(1.0, 1.0),
              fontsize=7.5, title_fontsize=8, frameon=False)
    fig.text(0.99, 0.01, attribution, ha="right", va="bottom", fontsize=7, color=(0.3, 0.3, 0.3))
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()
