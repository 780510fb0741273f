"""The metric registry (registry.py: every measure declared once), the filter model and the rating method."""
