"""Build the shipped demo profile «Приреченск» (profiles/prirechensk/) from the Krasnoyarsk district outlines.

A fictional small city for tests and demos of a real GIS delivery: the 7 OpenStreetMap districts of Krasnoyarsk
merged into 3, reprojected to an МСК-24-like local projection (transverse Mercator on the Krasovsky ellipsoid with
the Pulkovo 1942 datum shift; the parameters are illustrative, not the official МСК-24 key), written as a zipped
Shapefile whose .prj carries the datum shift (WKT1), with the district name in the field RAION; population = the
census figures of the merged districts divided by 10. The profile folder itself is made by
``python -m data_access.domain.profile new`` from these two files, then given its channels and attribution.

    .venv/bin/python scripts/make_prirechensk.py OUT_DIR     # writes OUT_DIR/prirechensk_raiony.zip, population.csv
"""
from __future__ import annotations

import csv
import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
from pyproj import CRS

ROOT = Path(__file__).resolve().parent.parent
KRASNOYARSK = ROOT / "profiles" / "krasnoyarsk"
MSK24_LIKE = ("+proj=tmerc +lat_0=0 +lon_0=93.95 +k=1 +x_0=3500000 +y_0=-5811057.63 +ellps=krass "
              "+towgs84=23.57,-140.95,-79.8,0,0.35,0.79,-0.22 +units=m +no_defs")
MERGE = {"Железнодорожный": "Северный", "Центральный": "Северный", "Советский": "Северный",
         "Октябрьский": "Западный", "Кировский": "Заречный", "Ленинский": "Заречный", "Свердловский": "Заречный"}


def build(out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    gdf = gpd.read_file(KRASNOYARSK / "districts.geojson")
    gdf["RAION"] = gdf["district_name"].str.removesuffix(" район").map(MERGE)
    merged = gdf[["RAION", "geometry"]].dissolve(by="RAION", as_index=False).to_crs(MSK24_LIKE)
    with tempfile.TemporaryDirectory() as tmp:
        shp = Path(tmp) / "raiony.shp"
        merged.to_file(shp, engine="pyogrio", encoding="UTF-8")
        # GDAL writes an ESRI .prj, which loses the datum shift: a GIS export of МСК keeps it in WKT1
        shp.with_suffix(".prj").write_text(CRS.from_proj4(MSK24_LIKE).to_wkt("WKT1_GDAL"), encoding="utf-8")
        archive = out / "prirechensk_raiony.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for part in sorted(Path(tmp).iterdir()):
                zf.write(part, part.name)
    with (KRASNOYARSK / "population.csv").open(encoding="utf-8") as fh:
        census = {row["district"]: int(row["population"]) for row in csv.DictReader(fh)}
    totals: dict[str, int] = {}
    for district, people in census.items():
        totals[MERGE[district]] = totals.get(MERGE[district], 0) + people
    population = out / "population.csv"
    with population.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["district", "population"])
        for name in sorted(totals):
            writer.writerow([name, round(totals[name] / 10)])
    return archive, population


if __name__ == "__main__":
    for path in build(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(path)
