"""Plot list and dashboard latency against table size from one or more bench/run.py result files.

.venv/bin/python bench/plot.py results-sqlite.json results-postgres.json -o docs/perf_list_latency.png
"""

import argparse
import json
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

SERIES = {
    "list-page-1": "offset, page 1",
    "list-offset-deep": "offset N-100",
    "list-cursor-page-1": "cursor, page 1",
    "list-cursor-deep": "cursor, deep",
    "dashboard-page-1": "dashboard, page 1",
    "dashboard-last-page": "dashboard, last page",
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("results", nargs="+", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=Path("docs/perf_list_latency.png"))
    args = parser.parse_args()

    runs = [json.loads(path.read_text()) for path in args.results]
    # a third panel only when bench/service_time.py results (median_ms) are among the files
    with_service = any("median_ms" in r for run in runs for r in run["results"])
    figure, axes_row = plt.subplots(1, 3 if with_service else 2, figsize=(17 if with_service else 12, 5))
    p50_axes, rps_axes = axes_row[0], axes_row[1]
    service_axes = axes_row[2] if with_service else None
    for run in runs:
        style = "-o" if run["database"] == "sqlite" else "--s"
        for name, label in SERIES.items():
            rows = [r for r in run["results"] if r["name"] == name and not r.get("skipped")]
            points = sorted((r["size"], r) for r in rows)
            if not points:
                continue
            sizes = [size for size, _ in points]
            tag = f"{run['database']}: {label}"
            if "median_ms" in rows[0]:
                assert service_axes is not None  # with_service says so
                service_axes.plot(sizes, [r["median_ms"] for _, r in points], style, label=tag)
            else:
                p50_axes.plot(sizes, [r["p50_ms"] for _, r in points], style, label=tag)
                rps_axes.plot(sizes, [r["rps"] for _, r in points], style, label=tag)
    panels: tuple[tuple[Any, str], ...] = (
        (p50_axes, "wrk -c8 p50 (ms, log scale)"),
        (rps_axes, "wrk -c8 requests/s"),
        (service_axes, "in-process median service time (ms)"),
    )
    if service_axes is None:
        panels = panels[:2]
    for axes, title in panels:
        axes.set_xscale("log")
        axes.set_xlabel("customers in the owner's book")
        axes.set_title(f"list and dashboard: {title}", fontsize=10)
        if axes is p50_axes:
            axes.set_yscale("log")  # a deep OFFSET on a million rows takes seconds
        else:
            axes.set_ylim(bottom=0)
        axes.grid(True, which="both", alpha=0.3)
        if axes.lines:
            axes.legend(fontsize=7)
    figure.tight_layout()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(args.output, dpi=110)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
