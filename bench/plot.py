"""Plot list latency against table size from one or more bench/run.py result files.

.venv/bin/python bench/plot.py results-sqlite.json results-postgres.json -o docs/perf_list_latency.png
"""

import argparse
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

SERIES = {
    "list-page-1": "offset, page 1",
    "list-offset-deep": "offset N-100",
    "list-cursor-page-1": "cursor, page 1",
    "list-cursor-deep": "cursor, deep",
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("results", nargs="+", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=Path("docs/perf_list_latency.png"))
    args = parser.parse_args()

    figure, (p50_axes, rps_axes) = plt.subplots(1, 2, figsize=(12, 4.5))
    for path in args.results:
        run = json.loads(path.read_text())
        for name, label in SERIES.items():
            points = sorted(
                (r["size"], r["p50_ms"], r["rps"])
                for r in run["results"]
                if r["name"] == name and not r["skipped"]
            )
            if not points:
                continue
            sizes = [p[0] for p in points]
            style = "-o" if run["database"] == "sqlite" else "--s"
            p50_axes.plot(sizes, [p[1] for p in points], style, label=f"{run['database']}: {label}")
            rps_axes.plot(sizes, [p[2] for p in points], style, label=f"{run['database']}: {label}")
    for axes, title, unit in ((p50_axes, "p50 latency", "ms"), (rps_axes, "throughput", "requests/s")):
        axes.set_xscale("log")
        axes.set_xlabel("customers in the owner's book")
        axes.set_ylabel(unit)
        axes.set_title(f"GET /api/v1/customers/ — {title} (wrk -t1 -c8, 2 sync workers)")
        axes.set_ylim(bottom=0)
        axes.grid(True, which="both", alpha=0.3)
    p50_axes.legend(fontsize=7)
    figure.tight_layout()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(args.output, dpi=110)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
