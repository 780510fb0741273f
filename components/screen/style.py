"""The meeting screen's look: one static CSS block of ours (numbers only, no data) and the restyling of the
shared plotly figures for a wall: large type, thick lines, black on white.

Everything is sized for the 1920 × 1080 design and multiplied by ``scale`` (see
``screen_options.screen_scale``), so a 3840 × 2160 screen without OS scaling shows the same layout twice as
large. Sizes in pixels of the design: the body of a slide is ``BODY_HEIGHT`` high.
"""
from __future__ import annotations

import plotly.graph_objects as go

INK = "#000000"
MUTED = "#333333"
GRID = "#c8c8c8"
PAPER = "#ffffff"
TOP_BAR = 64        # the strip with the filters, the clock and «данные на»
TITLE_BAR = 84      # the slide's title and its position in the rotation
PADDING = 18
BODY_HEIGHT = 1080 - TOP_BAR - TITLE_BAR - 4 * PADDING  # what a slide may fill
BODY_WIDTH = 1920 - 2 * 40
FONT = 22           # the smallest type on the screen
TEXT_FONT = 26
TITLE_FONT = 46
BIG_FONT = 84       # headline figures


def px(value: float, scale: float) -> int:
    return int(round(value * scale))


def screen_css(scale: float) -> str:
    """The page's CSS: no Streamlit chrome, no sidebar, no dimming while a slide reruns, large type."""
    def p(v: float) -> str:
        return f"{px(v, scale)}px"

    return f"""<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stStatusWidget"], [data-testid="stDecoration"],
[data-testid="stElementToolbar"], footer {{ display: none !important; }}
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {{ background: {PAPER}; color: {INK}; }}
[data-testid="stMainBlockContainer"] {{ padding: {p(PADDING)} {p(40)} 0 {p(40)} !important; max-width: none; }}
[data-testid="stVerticalBlock"] {{ gap: {p(PADDING)}; }}
[data-stale="true"], .stale-element {{ opacity: 1 !important; transition: none !important; }}
.screen-top {{ display: flex; justify-content: space-between; align-items: center; height: {p(TOP_BAR)};
  font-size: {p(FONT + 4)}; color: {INK}; border-bottom: {p(3)} solid {INK}; }}
.screen-top b {{ font-size: {p(TEXT_FONT + 6)}; }}
.screen-clock {{ font-size: {p(TITLE_FONT)}; font-weight: 700; margin-left: {p(28)};
  font-variant-numeric: tabular-nums; }}
.screen-title {{ display: flex; justify-content: space-between; align-items: baseline; height: {p(TITLE_BAR)};
  font-size: {p(TITLE_FONT)}; font-weight: 800; color: {INK}; }}
.screen-dots span {{ display: inline-block; width: {p(22)}; height: {p(22)}; border-radius: 50%;
  border: {p(3)} solid {INK}; margin-left: {p(10)}; }}
.screen-dots span.on {{ background: {INK}; }}
.screen-dots em {{ font-style: normal; font-size: {p(FONT + 4)}; margin-left: {p(14)}; }}
.screen-legend {{ font-size: {p(FONT)}; line-height: 1.5; }}
.screen-legend i {{ display: inline-block; width: {p(34)}; height: {p(20)}; border: 1px solid {MUTED};
  margin: 0 {p(8)} 0 {p(18)}; vertical-align: middle; }}
.screen-note {{ font-size: {p(FONT)}; color: {MUTED}; }}
[data-testid="stText"], [data-testid="stText"] * {{ font-size: {p(TEXT_FONT)} !important; line-height: 1.3;
  font-family: "Source Sans Pro", sans-serif !important; white-space: pre-wrap; color: {INK}; }}
[data-testid="stMetric"] {{ padding: {p(10)} {p(18)}; border: {p(3)} solid {INK}; border-radius: {p(10)}; }}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {{ font-size: {p(TEXT_FONT)} !important;
  color: {INK} !important; font-weight: 600; }}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {{ font-size: {p(BIG_FONT)} !important;
  line-height: 1.1; font-weight: 800; color: {INK}; }}
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * {{ font-size: {p(FONT + 2)} !important; }}
[data-testid="stTable"] table {{ width: 100%; border-collapse: collapse; }}
[data-testid="stTable"] th, [data-testid="stTable"] td {{ font-size: {p(TEXT_FONT)} !important; color: {INK};
  padding: {p(8)} {p(12)} !important; border-bottom: {p(2)} solid {GRID}; line-height: 1.25; }}
[data-testid="stTable"] td:first-child, [data-testid="stTable"] th:first-child {{ white-space: nowrap; }}
[data-testid="stTable"] td > div, [data-testid="stTable"] th > div {{ max-width: none !important; }}
[data-testid="stTable"] th {{ font-weight: 800; border-bottom: {p(3)} solid {INK}; }}
[data-testid="stAlert"] * {{ font-size: {p(TEXT_FONT + 4)} !important; }}
[data-testid="stVerticalBlockBorderWrapper"], [data-testid="stLayoutWrapper"] {{ border-color: {INK}; }}
</style>"""


def screen_figure(fig: go.Figure, scale: float, height: int, *, legend: bool = True) -> go.Figure:
    """A copy of a shared figure restyled for the wall: ``height`` design pixels, fonts of at least
    ``FONT``, thicker lines and markers, black axes; the legend on top (or hidden)."""
    out = go.Figure(fig)
    f = px(FONT, scale)
    out.update_layout(
        height=px(height, scale), font=dict(size=f, color=INK, family="Source Sans Pro, Arial, sans-serif"),
        paper_bgcolor=PAPER, plot_bgcolor=PAPER, showlegend=legend,
        margin=dict(l=px(12, scale), r=px(24, scale), t=px(64 if legend else 20, scale), b=px(12, scale)),
        legend=dict(font=dict(size=f), orientation="h", yanchor="bottom", y=1.02, x=0, xanchor="left"),
        hoverlabel=dict(font=dict(size=f)),
    )
    axis = dict(tickfont=dict(size=f, color=INK), title_font=dict(size=f, color=INK), linecolor=INK, linewidth=2,
                gridcolor=GRID, zerolinecolor=GRID, showline=True, automargin=True)
    out.update_xaxes(**axis, tickangle=0, nticks=8)
    out.update_yaxes(**axis)
    for trace in out.data:
        if trace.type == "scatter":
            if trace.mode and "lines" in trace.mode:
                trace.line.width = max(trace.line.width or 2, 3) * scale
            if trace.mode and "markers" in trace.mode:
                trace.marker.size = 12 * scale
            if trace.mode == "text":
                trace.textfont = dict(size=f, color=INK)
        elif trace.type == "bar":
            trace.textfont = dict(size=f, color=INK)
    for shape in out.layout.shapes:
        shape.line.width = 3 * scale
    for note in out.layout.annotations:
        note.font = dict(size=f, color=INK)
    return out
