#!/usr/bin/env bash
# Images: how long the bundled hub's images take to build, cold (empty cache) and warm, and the
# bytes of each image before and after. The hub has only SVG drawings, so this also adds three
# raster images of its own to a copy of the hub (made here: screenshots of the hub's pages and
# of its flowchart, taken by Chromium; nothing downloaded):
#   flow.png  the Spanish flowchart at 1440 px wide (a drawing: PNG)
#   page.jpg  a phone screenshot of the home page at 3× (a photo-like JPEG, 1080 px wide)
#   wide.png  the Spanish health page at 1920 px wide (a large screenshot)
# Needs a release build (cargo build --release), node and tests/browser/node_modules.
#   bench/media.sh            prints a table for BENCHMARKS.md
set -euo pipefail
cd "$(dirname "$0")/.."
SENDA=${SENDA:-target/release/senda}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for part in site.yaml content locales themes data static; do
  [ -e "$part" ] && cp -r "$part" "$work/"
done
"$SENDA" build --root "$work" >/dev/null 2>&1
dir="$work/content/health/where-to-get-care"
node --input-type=module - "$work" <<'JS'
import { chromium } from './tests/browser/node_modules/playwright-core/index.mjs';
const [root] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const dir = `${root}/content/health/where-to-get-care`;
let p = await (await b.newContext({ viewport: { width: 1440, height: 2400 } })).newPage();
p.setDefaultTimeout(120000);
await p.goto(`file://${dir}/flow.svg`);
await p.evaluate(() => { const s = document.querySelector('svg'); s.setAttribute('width', 1440); s.setAttribute('height', Math.round(1440 * s.viewBox.baseVal.height / 360)); });
await p.screenshot({ path: `${dir}/flow.png` });
p = await (await b.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 3 })).newPage();
p.setDefaultTimeout(120000);
await p.goto(`file://${root}/public/es/index.html`);
await p.screenshot({ path: `${dir}/page.jpg`, type: 'jpeg', quality: 90 });
p = await (await b.newContext({ viewport: { width: 1920, height: 1400 } })).newPage();
p.setDefaultTimeout(120000);
await p.goto(`file://${root}/public/es/health/index.html`);
await p.screenshot({ path: `${dir}/wide.png` });
await b.close();
JS
tb0=$(date +%s.%N); "$SENDA" build --root "$work" >/dev/null 2>&1; tb1=$(date +%s.%N)
cat >> "$dir/index.md" <<'MD'

![El diagrama en PNG](flow.png)

![Captura de la portada](page.jpg)

![Captura de la sección de salud](wide.png)
MD
rm -rf "$work/.senda-cache"
t0=$(date +%s.%N); "$SENDA" build --root "$work" 2>"$work/cold.log" >/dev/null; t1=$(date +%s.%N)
"$SENDA" build --root "$work" 2>"$work/warm.log" >/dev/null; t2=$(date +%s.%N)
echo "the hub without the three images (its SVG flowcharts only): $(echo "$tb1 - $tb0" | bc) s"
echo "cold: $(echo "$t1 - $t0" | bc) s — $(grep -o '[0-9]* image(s).*' "$work/cold.log" | head -1)"
echo "warm: $(echo "$t2 - $t1" | bc) s — $(grep -o '[0-9]* image(s).*' "$work/warm.log" | head -1)"
echo
echo "| image | before | after (WebP at each width; fallback) |"
echo "| --- | ---: | --- |"
for f in flow.svg flow.png page.jpg wide.png; do
  stem=${f%.*}
  before=$(stat -c %s "$dir/$f")
  after=$(cd "$work/public/media" && for m in "$stem"-[0-9]*; do [ -e "$m" ] && printf '%s %s KB, ' "$(echo "$m" | sed -E 's/.*-([0-9]+)\.[0-9a-f]{10}\.(.*)/\1 \2/')" "$(( ($(stat -c %s "$m") + 1023) / 1024 ))"; done; true)
  [ "$f" = flow.svg ] && after="$(( ($(stat -c %s "$work"/public/media/flow.*.svg) + 1023) / 1024 )) KB (published as it is)"
  echo "| $f | $(( (before + 1023) / 1024 )) KB | ${after%, } |"
done
