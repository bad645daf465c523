#!/usr/bin/env python3
"""What the bundled hub weighs, compressed and as ZIM files.

    bench/sizes.py            (builds senda in release mode first)

1. builds the bundled hub three times with the release binary, into a temporary folder:
   plainly, with --precompress (gzip and brotli copies) and with --zim (one ZIM per language),
   timing each build (wall and CPU time, so the cost of brotli's quality 11 shows);
2. prints, per kind of file, the bytes as written, as .gz and as .br, and for the HTML pages
   the median and largest page in each (what a reader downloads);
3. prints each ZIM file's size (zimwriterfs from Debian's zim-tools must be installed).

Nothing is kept: the outputs are in a temporary folder that is deleted at the end.
"""

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SENDA = os.path.join(ROOT, "target", "release", "senda")


def timed(args):
    """Runs senda ARGS; returns (wall seconds, CPU seconds of the children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run([SENDA, *args, "--root", ROOT], check=True, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def kib(n):
    return f"{n / 1024:,.1f} KB"


def main():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory(prefix="senda-sizes-") as tmp:
        plain = os.path.join(tmp, "plain")
        pre = os.path.join(tmp, "precompressed")
        zim = os.path.join(tmp, "zim")
        times = {
            "build": timed(["build", "--output", plain]),
            "build --precompress": timed(["build", "--precompress", "--output", pre]),
            "build --zim": timed(["build", "--zim", "--output", zim]),
        }
        print("| command | wall | CPU |\n| --- | ---: | ---: |")
        for name, (wall, cpu) in times.items():
            print(f"| senda {name} | {wall:.2f} s | {cpu:.2f} s |")

        kinds = {}
        pages = []
        for folder, _, files in os.walk(pre):
            for f in files:
                path = os.path.join(folder, f)
                if f.endswith((".gz", ".br")) or not os.path.exists(path + ".br"):
                    continue
                sizes = [os.path.getsize(p) for p in (path, path + ".gz", path + ".br")]
                kind = f.rsplit(".", 1)[-1]
                total = kinds.setdefault(kind, [0, 0, 0, 0])
                total[0] += 1
                for i in range(3):
                    total[i + 1] += sizes[i]
                if kind == "html":
                    pages.append(sizes)
        print("\n| files | count | as written | gzip | brotli | brotli / gzip |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for kind, (n, raw, gz, br) in sorted(kinds.items(), key=lambda k: -k[1][1]):
            print(f"| {kind} | {n} | {kib(raw)} | {kib(gz)} | {kib(br)} | {br / gz:.2f} |")
        if pages:
            print("\n| HTML page | as written | gzip | brotli |\n| --- | ---: | ---: | ---: |")
            for label, pick in (("median", statistics.median), ("largest", max)):
                print(
                    f"| {label} | {kib(pick(p[0] for p in pages))} | "
                    f"{kib(pick(p[1] for p in pages))} | {kib(pick(p[2] for p in pages))} |"
                )

        print("\n| ZIM file | size |\n| --- | ---: |")
        for f in sorted(os.listdir(zim)):
            print(f"| {f} | {kib(os.path.getsize(os.path.join(zim, f)))} |")


if __name__ == "__main__":
    sys.exit(main())
