"""The heat map page's builders: map, matrix, measures, slice panel, district ranking."""
