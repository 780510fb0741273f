"""Built figures kept by their inputs, shared by every session of the process.

Building a plotly figure validates every property it is given: 50–500 ms of a cached page's script went into
rebuilding figures identical to the last run's (docs/benchmarks.md). ``built(builder, *args)`` returns the figure
``builder(*args)`` built for equal arguments before (equal pickles), or builds it. The figure is shared: callers
hand it to ``st.plotly_chart`` (which copies it) and never change it. Functions among the arguments count by
their source place and closure; arguments that do not pickle (a lock, a generator) are built every time.
"""
from __future__ import annotations

import hashlib
import io
import pickle
import types
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

T = TypeVar("T")


@st.cache_resource(max_entries=256, ttl=3600, show_spinner=False)
def _kept(name: str, digest: str, _build: Callable[[], object]):
    return _build()


class _KeyPickler(pickle.Pickler):
    """Pickles functions — a measure's formatter is a lambda — as their place in the source and what they close
    over: two lambdas of one line are the same key, lambdas of two lines are two keys."""

    def persistent_id(self, obj):
        if isinstance(obj, types.FunctionType):
            code = obj.__code__
            return ("function", obj.__module__, obj.__qualname__, code.co_filename, code.co_firstlineno,
                    code.co_code, tuple(c.cell_contents for c in obj.__closure__ or ()))
        return None


def key_of(*args, **kwargs) -> str | None:
    """A digest of the arguments, or None when they do not pickle."""
    out = io.BytesIO()
    try:
        _KeyPickler(out, protocol=5).dump((args, kwargs))
    except (pickle.PicklingError, TypeError, AttributeError, ValueError):
        return None
    return hashlib.blake2b(out.getvalue(), digest_size=20).hexdigest()


def built(builder: Callable[..., T], *args, **kwargs) -> T:
    """``builder(*args, **kwargs)``, built once per distinct arguments (the result must not be changed)."""
    digest = key_of(*args, **kwargs)
    if digest is None:
        return builder(*args, **kwargs)
    return _kept(f"{builder.__module__}.{builder.__qualname__}", digest, lambda: builder(*args, **kwargs))


class PreparedDeck:
    """A pydeck map with its JSON written once: ``st.pydeck_chart`` asks every run for ``to_json()``, which
    re-serialises the district boundaries (hundreds of KB). Everything else is the deck's own."""

    def __init__(self, deck):
        self._deck = deck
        self._json = deck.to_json()

    def to_json(self) -> str:
        return self._json

    def __getattr__(self, name: str):
        return getattr(self._deck, name)


def _prepared(builder: Callable, *args, **kwargs) -> PreparedDeck:
    return PreparedDeck(builder(*args, **kwargs))


def built_deck(builder: Callable, *args, **kwargs) -> PreparedDeck:
    """``builder(*args, **kwargs)`` (a pydeck Deck), built and serialised once per distinct arguments."""
    return built(_prepared, builder, *args, **kwargs)
