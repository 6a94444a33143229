#!/usr/bin/env python3
"""Kernel durations of ncu --csv --metrics gpu__time_duration.sum logs
(bench/probe/ncu_layer.py --profiled-call), one column per log, as
markdown: each kernel alone, in launch order, and the sum.

    python3 bench/probe/ncu_layer_table.py molten.csv compile.csv
"""
import csv
import sys


def durations(path):
    rows, header = [], None
    for r in csv.reader(open(path)):
        if r and r[0] == "ID":
            header = r
        elif header and len(r) == len(header):
            d = dict(zip(header, r))
            if d.get("Metric Name") == "gpu__time_duration.sum":
                scale = {"nsecond": 1e-3, "usecond": 1.0,
                         "msecond": 1e3}.get(d["Metric Unit"], 1.0)
                value = float(d["Metric Value"].replace(",", "")) * scale
                rows.append((d["Kernel Name"][:60], value))
    return rows


def main():
    for path in sys.argv[1:]:
        rows = durations(path)
        print("### %s: %d kernels, %.1f us\n" % (path, len(rows),
                                                   sum(v for _, v in rows)))
        print("| kernel | us |\n| --- | --- |")
        for name, value in rows:
            print("| `%s` | %.1f |" % (name, value))
        print()


if __name__ == "__main__":
    main()
