"""Figure builders (pure) and thin render_* functions."""
