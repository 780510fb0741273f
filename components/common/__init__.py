"""Builders shared by several pages: charts, drill links, formatting, KPI cards, export."""
