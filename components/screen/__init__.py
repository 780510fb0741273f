"""The meeting screen's slides, options and rendering."""
