"""Pure geographic transforms: district boundaries into layer data, colour scales, H3 cells into polygons.

No database and no Streamlit here: functions of GeoJSON dicts, DataFrames and numbers.
"""
