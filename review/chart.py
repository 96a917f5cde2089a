"""The /compare chart: one metric's figures by city and period as horizontal bars, SVG (matplotlib;
text left as text, so the browser draws the Chinese names with its own fonts)."""
from __future__ import annotations

import io


def chart(table: list[dict], title: str) -> bytes:
    """A bar per (jurisdiction, period), in the table's order (by city, then years)."""
    import logging

    import matplotlib

    matplotlib.use("Agg")
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)  # a missing CJK font: the browser's draws
    from matplotlib.figure import Figure

    labels = [f"{r['jurisdiction'] or '?'} {_period(r)}" for r in table]
    values = [r["value"] for r in table]
    years = sorted({_period(r) for r in table})
    colours = {p: f"C{i % 10}" for i, p in enumerate(years)}
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "planetl",
                                "font.family": "sans-serif",
                                "font.sans-serif": ["Noto Sans CJK SC", "DejaVu Sans"]}):
        fig = Figure(figsize=(8, 0.8 + 0.32 * max(len(table), 3)))
        ax = fig.add_subplot()
        bars = ax.barh(range(len(values)), values, color=[colours[_period(r)] for r in table])
        ax.bar_label(bars, labels=[f"{v:,.10g}" for v in values], padding=3, fontsize="small")
        ax.set_yticks(range(len(values)), labels)
        ax.invert_yaxis()
        ax.set_title(title)
        ax.set_xlabel(table[0]["unit"] if table else "")
        ax.margins(x=0.15)
        ax.grid(axis="x", alpha=0.3)
        if not table:
            ax.text(0.5, 0.5, "no figures", ha="center", transform=ax.transAxes)
        fig.tight_layout()
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue().encode("utf-8")


def _period(row: dict) -> str:
    start, end = row["period_start"], row["period_end"]
    return "" if start is None else str(start) if start == end else f"{start}-{end}"
