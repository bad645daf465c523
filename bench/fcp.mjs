// First contentful paint of the hub's pages on emulated phone networks, in Chromium with
// playwright-core and CDP (Network.emulateNetworkConditions). Run by bench/fcp.sh, which
// builds the hub and serves it with nginx; see there.
//
//   node bench/fcp.mjs --base http://127.0.0.1:PORT/ [--runs 7]
//
// For each page and profile:
//   - "first visit": RUNS loads, each in a new browser context (empty HTTP cache; service
//     workers blocked, so the HTTP cache is all there is), on a 360×640 phone;
//   - "next page": RUNS loads of the page right after another page of the site in the same
//     context (the home page of the other language, loaded unthrottled first): what a reader
//     pays once the stylesheet is cached.
// Printed: Markdown tables of the medians (and the range) of first contentful paint, the
// cumulative layout shift once everything has loaded (does the page move when the whole
// stylesheet arrives?), the requests that blocked rendering besides the page itself (resource
// timing's renderBlockingStatus), and the bytes received (compressed bodies, as sent): the page
// and everything loaded by the load event.

import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { chromium } = await import(
  pathToFileURL(path.join(here, '..', 'tests', 'browser', 'node_modules', 'playwright-core', 'index.mjs')).href
);

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const BASE = new URL(arg('--base', 'http://127.0.0.1:8080/')).href;
const RUNS = Number(arg('--runs', '7'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PHONE = { viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

// The profiles of issue 18: round-trip time and bandwidth (bits per second).
const PROFILES = [
  { name: '2G', latency: 300, down: 250_000, up: 50_000 },
  { name: '3G', latency: 100, down: 750_000, up: 250_000 },
];
const PAGES = [
  { name: 'es home', path: 'es/index.html', before: 'ar/index.html' },
  { name: 'es topic (rights/detention)', path: 'es/rights/detention/index.html', before: 'ar/index.html' },
  { name: 'ar emergency numbers', path: 'ar/help/emergency-numbers/index.html', before: 'es/index.html' },
];

const url = (p) => new URL(p, BASE).href;

async function throttle(context, page, profile) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: profile.latency,
    downloadThroughput: profile.down / 8,
    uploadThroughput: profile.up / 8,
  });
  return cdp;
}

// What the page measured about itself, once everything has loaded and settled.
const measure = () =>
  new Promise((resolve) => {
    let cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => {
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      const nav = performance.getEntriesByType('navigation')[0];
      const resources = performance.getEntriesByType('resource');
      resolve({
        fcp: fcp ? fcp.startTime : null,
        cls,
        blocking: resources.filter((r) => r.renderBlockingStatus === 'blocking').map((r) => r.name),
        page: nav.encodedBodySize,
        all: nav.encodedBodySize + resources.reduce((n, r) => n + r.encodedBodySize, 0),
        fromCache: resources.filter((r) => r.transferSize === 0 && r.encodedBodySize > 0).length,
      });
    }, 300);
  });

async function visit(browser, profile, target, before) {
  const context = await browser.newContext({ ...PHONE, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    if (before) await page.goto(url(before), { waitUntil: 'load' });
    await throttle(context, page, profile);
    await page.goto(url(target), { waitUntil: 'load', timeout: 60000 });
    return await page.evaluate(measure);
  } finally {
    await context.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const rows = [];
try {
  for (const visitKind of ['first visit', 'next page']) {
    for (const p of PAGES) {
      for (const profile of PROFILES) {
        const runs = [];
        for (let i = 0; i < RUNS; i++) {
          runs.push(await visit(browser, profile, p.path, visitKind === 'next page' ? p.before : null));
        }
        const fcps = runs.map((r) => r.fcp);
        if (fcps.some((f) => f === null)) throw new Error(`${p.path}: no first-contentful-paint entry`);
        const blocking = [...new Set(runs.flatMap((r) => r.blocking.map((b) => new URL(b).pathname)))];
        rows.push({
          page: p.name,
          path: p.path,
          profile: `${profile.name} (${profile.latency} ms, ${profile.down / 1000} kbps)`,
          visit: visitKind,
          fcp: median(fcps),
          min: Math.min(...fcps),
          max: Math.max(...fcps),
          cls: Math.max(...runs.map((r) => r.cls)),
          blocking: blocking.length ? blocking.join(', ') : 'none',
          page_bytes: median(runs.map((r) => r.page)),
          all_bytes: median(runs.map((r) => r.all)),
        });
        const r = rows[rows.length - 1];
        console.error(`${r.visit}, ${r.path}, ${profile.name}: FCP ${r.fcp.toFixed(0)} ms (${r.min.toFixed(0)}–${r.max.toFixed(0)})`);
      }
    }
  }
} finally {
  await browser.close();
}

console.log(`Medians of ${RUNS} loads each (range in brackets); Chromium, 360×640 phone, CDP network emulation.\n`);
console.log('| page | profile | visit | FCP | CLS (max) | render-blocking requests besides the page | page (br) | all until load |');
console.log('| --- | --- | --- | ---: | ---: | --- | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.page} | ${r.profile} | ${r.visit} | **${r.fcp.toFixed(0)} ms** (${r.min.toFixed(0)}–${r.max.toFixed(0)}) | ${r.cls.toFixed(3)} | ${r.blocking} | ${kb(r.page_bytes)} | ${kb(r.all_bytes)} |`,
  );
}
