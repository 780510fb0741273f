"""Texts of the metric registry for people: a value in the metric's format, the method with its target,
the «Методика» list. Pure functions; every page's tooltips and method captions come from here."""
from __future__ import annotations

import math

from components.common.formatting import fmt_int, fmt_num, fmt_pct
from data_access.metrics.registry import METRICS, OFFSETS, Metric


def fmt_metric(metric: Metric | str, value: float | None, digits: int | None = None) -> str:
    """``value`` in the metric's number format; «—» without a value."""
    metric = METRICS[metric] if isinstance(metric, str) else metric
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if metric.fmt == "int":
        return fmt_int(value)
    if metric.fmt == "pct":
        return fmt_pct(value, 1 if digits is None else digits)
    return fmt_num(value, int(metric.fmt[-1]) if digits is None else digits)


def target_text(metric: Metric | str, targets: dict) -> str:
    """«Цель: 95 %.» (direction-aware: «не менее» / «не более»), or "" if the profile sets no target."""
    metric = METRICS[metric] if isinstance(metric, str) else metric
    target = metric.target_value(targets)
    if target is None:
        return ""
    bound = "не менее" if metric.higher_is_better else "не более" if metric.higher_is_better is False else ""
    return f"Цель: {bound + ' ' if bound else ''}{fmt_metric(metric, target, 0)}."


def metric_help(metric: Metric | str, targets: dict | None = None, *, offset: str | None = None,
                extra: str = "") -> str:
    """The tooltip of a figure: the registry's method, what the change compares with, extra facts, the target."""
    metric = METRICS[metric] if isinstance(metric, str) else metric
    parts = [metric.method]
    if offset:
        parts.append(f"Изменение — {OFFSETS[offset]}.")
    if extra:
        parts.append(extra)
    if targets:
        parts.append(target_text(metric, targets))
    return " ".join(p for p in parts if p)


def method_lines(keys: list[str] | tuple[str, ...], targets: dict | None = None) -> list[str]:
    """«Методика»: one line «**label** — method» per metric (labels are ours, never citizens' text)."""
    return [f"**{METRICS[k].label}** — {metric_help(k, targets)}" for k in keys]
