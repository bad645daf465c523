#!/usr/bin/env python3
"""How fast `senda serve` takes in an edited page (Python 3 standard library only).

    python3 bench/serve.py --senda BIN --site DIR [--edits 10]

Starts `BIN serve --root DIR --port 0` (DIR is changed: give it a copy), waits until the site
is loaded, then appends a paragraph to one Spanish page EDITS times. After each edit it waits
for serve's "Updated 1 page(s) in N ms" line, asks for the page over HTTP and checks that the
new paragraph is in it. Prints the load time, the update times serve reported and the time of
the page requests, as Markdown. `bench/run.sh --serve` runs it on a copy of the corpus.
"""

import argparse
import os
import queue
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request


def lines_of(stream, out):
    for line in stream:
        out.put(line.rstrip("\n"))


def wait_for(lines, pattern, timeout):
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.05)
        except queue.Empty:
            continue
        seen.append(line)
        m = re.search(pattern, line)
        if m:
            return m
    sys.exit(f"serve.py: no line matching {pattern!r} in {timeout} s; serve said:\n"
             + "\n".join(seen[-20:]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--senda", required=True)
    ap.add_argument("--site", required=True)
    ap.add_argument("--edits", type=int, default=10)
    args = ap.parse_args()

    content = os.path.join(args.site, "content")
    # A page (not a section) with no language suffix: Spanish, the default language.
    pages = sorted(
        os.path.join(d, f)
        for d, _, files in os.walk(content)
        for f in files
        if f.endswith(".md") and not f.startswith("_index") and f.count(".") == 1
    )
    if not pages:
        sys.exit("serve.py: no page found in " + content)
    page = pages[len(pages) // 2]
    rel = os.path.relpath(page, content)[: -len(".md")]
    path = "/es/" + rel.replace(os.sep, "/") + "/"

    proc = subprocess.Popen(
        [args.senda, "serve", "--root", args.site, "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines = queue.Queue()
    threading.Thread(target=lines_of, args=(proc.stdout, lines), daemon=True).start()
    try:
        m = wait_for(lines, r"Loaded in ([0-9.]+) s\. Serving the site at (http://\S+?)/? ", 120)
        load_s, base = float(m.group(1)), m.group(2)
        url = base + path
        urllib.request.urlopen(url).read()  # the first request renders the page
        updates, requests = [], []
        for n in range(1, args.edits + 1):
            marker = f"Paragraph added by the benchmark, edit {n}."
            with open(page, "a", encoding="utf-8") as f:
                f.write(f"\n{marker}\n")
            m = wait_for(lines, r"Updated 1 page\(s\) in (\d+) ms", 30)
            updates.append(int(m.group(1)))
            start = time.perf_counter()
            html = urllib.request.urlopen(url).read().decode("utf-8")
            requests.append((time.perf_counter() - start) * 1000)
            if marker not in html:
                sys.exit(f"serve.py: edit {n} is not in {url}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    print(f"Page edited: content/{os.path.relpath(page, content)} ({path}), {args.edits} times\n")
    print("| loading the site s | update ms median | update ms min–max | page request ms median |")
    print("| ---: | ---: | ---: | ---: |")
    print(f"| {load_s:.2f} | {statistics.median(updates):.0f} | {min(updates)}–{max(updates)} "
          f"| {statistics.median(requests):.1f} |")


if __name__ == "__main__":
    main()
