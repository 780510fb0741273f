"""The app's frame: filter bar, sign-in, roles, page context, widget keys, store errors."""
