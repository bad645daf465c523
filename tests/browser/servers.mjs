// Checks a web server serving the built hub with senda's deployment files (deploy/nginx/ or
// deploy/Caddyfile): security headers and the CSP, caching, brotli and gzip from the files
// `senda build --precompress` wrote, and the "page not found" page of the reader's language.
// tests/it/browser.rs builds the hub, starts nginx and then Caddy, and runs this script for each.
//
//   node tests/browser/servers.mjs --base http://127.0.0.1:PORT/ --name nginx --public DIR
//
// Prints one line per check (✓ or ✗ with what failed) and exits 1 if any check failed.

import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const BASE = new URL(arg('--base', 'http://127.0.0.1:8080/')).href;
const NAME = arg('--name', 'server');
const PUBLIC = arg('--public', null);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 20000;
// What Chromium itself sends (it asks for brotli on plain HTTP too).
const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';

const url = (p) => new URL(p.replace(/^\//, ''), BASE).href;
const sitePath = (u) => decodeURIComponent(new URL(u).pathname).replace(/^\//, '');

// Plain HTTP without the browser; the body as the server sent it (not decompressed).
function get(target, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(target, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.setTimeout(TIMEOUT, () => req.destroy(new Error(`timeout: ${target}`)));
  });
}

const SECURITY = {
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
};

function securityProblems(target, headers, csp) {
  const problems = [];
  for (const [name, value] of Object.entries(SECURITY)) {
    if (headers[name] !== value) problems.push(`${target}: ${name} is "${headers[name]}", expected "${value}"`);
  }
  if (headers['content-security-policy'] !== csp) {
    problems.push(`${target}: Content-Security-Policy "${headers['content-security-policy']}", expected "${csp}"`);
  }
  return problems;
}

const checks = [];
function check(name, fn) {
  checks.push({ name, fn });
}

// Filled by the first check: the files a page uses, and the policy the page itself states.
const page = { target: url('es/rights/detention/index.html'), css: null, js: null, index: null, csp: null };

check(`${NAME}: a page in Chromium: security headers, the CSP (the page's own + frame-ancestors), brotli`, async () => {
  const problems = [];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    context.setDefaultTimeout(TIMEOUT);
    const tab = await context.newPage();
    const res = await tab.goto(page.target);
    const headers = await res.allHeaders();
    const asked = (await res.request().allHeaders())['accept-encoding'] || '';
    const meta = await tab.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    page.csp = `${meta}; frame-ancestors 'none'`;
    page.css = await tab.$eval('link[rel=stylesheet]', (l) => l.href);
    page.js = await tab.$eval('script[src]', (s) => s.src);
    await tab.goto(url('es/search/index.html'));
    page.index = url(new URL(await tab.getAttribute('#search-results', 'data-href'), tab.url()).pathname);
    problems.push(...securityProblems(page.target, headers, page.csp));
    if (res.status() !== 200) problems.push(`${page.target}: status ${res.status()}`);
    if (!/\bbr\b/.test(asked)) problems.push(`Chromium did not ask for brotli (Accept-Encoding "${asked}")`);
    else if (headers['content-encoding'] !== 'br') problems.push(`${page.target}: Chromium asked for "${asked}" and got Content-Encoding "${headers['content-encoding']}", not br`);
    await context.close();
  } finally {
    await browser.close();
  }
  return problems;
});

check(`${NAME}: caching: pages 5 minutes, content-hashed files a year (immutable), sw.js no-cache`, async () => {
  const problems = [];
  const want = [
    [page.target, /max-age=300\b/],
    [url('es/'), /max-age=300\b/],
    [page.css, /max-age=31536000.*immutable/],
    [page.js, /max-age=31536000.*immutable/],
    [page.index, /max-age=31536000.*immutable/],
    [url('sw.js'), /no-cache/],
  ];
  for (const [target, pattern] of want) {
    if (!/\.[0-9a-f]{10}\.(css|js|json)$/.test(target) && pattern.source.includes('immutable')) {
      problems.push(`${target} is not a content-hashed file`);
    }
    const res = await get(target);
    if (res.status !== 200) problems.push(`${target}: status ${res.status}`);
    if (!pattern.test(res.headers['cache-control'] || '')) problems.push(`${target}: Cache-Control "${res.headers['cache-control']}", expected ${pattern}`);
    problems.push(...securityProblems(target, res.headers, page.csp));
  }
  return problems;
});

check(`${NAME}: forget.txt makes the browser delete the site's cache and storage (Clear-Site-Data), never cached`, async () => {
  const problems = [];
  const target = url('forget.txt');
  const res = await get(target);
  if (res.status !== 200) problems.push(`${target}: status ${res.status}`);
  const csd = (res.headers['clear-site-data'] || '').replace(/\s+/g, '');
  if (csd !== '"cache","storage"') problems.push(`${target}: Clear-Site-Data "${res.headers['clear-site-data']}", expected "cache", "storage"`);
  if (!/no-store/.test(res.headers['cache-control'] || '')) problems.push(`${target}: Cache-Control "${res.headers['cache-control']}", expected no-store`);
  problems.push(...securityProblems(target, res.headers, page.csp));
  return problems;
});

check(`${NAME}: the precompressed files: brotli when asked, else gzip, each the file senda wrote`, async () => {
  const problems = [];
  const sizes = [];
  for (const target of [page.target, url('es/'), url('ar/help/emergency-numbers/index.html'), page.css, page.js, page.index, url('sitemap.xml')]) {
    const plain = await get(target, { 'Accept-Encoding': 'identity' });
    if (plain.status !== 200) {
      problems.push(`${target}: status ${plain.status}`);
      continue;
    }
    if (plain.headers['content-encoding']) problems.push(`${target} without Accept-Encoding: Content-Encoding "${plain.headers['content-encoding']}"`);
    let file = sitePath(target);
    if (file === '' || file.endsWith('/')) file += 'index.html';
    for (const [asked, encoding, decode, ext] of [
      [BROWSER_ENCODINGS, 'br', zlib.brotliDecompressSync, '.br'],
      ['gzip, deflate', 'gzip', zlib.gunzipSync, '.gz'],
    ]) {
      const res = await get(target, { 'Accept-Encoding': asked });
      if (res.headers['content-encoding'] !== encoding) {
        problems.push(`${target} with Accept-Encoding "${asked}": Content-Encoding "${res.headers['content-encoding']}", expected ${encoding}`);
        continue;
      }
      if (!/accept-encoding/i.test(res.headers.vary || '')) problems.push(`${target} (${encoding}): no "Vary: Accept-Encoding"`);
      let decoded;
      try {
        decoded = decode(res.body);
      } catch (e) {
        problems.push(`${target} (${encoding}): cannot be decoded: ${e.message}`);
        continue;
      }
      if (!decoded.equals(plain.body)) problems.push(`${target} (${encoding}): decodes to ${decoded.length} bytes, not the ${plain.body.length} of the plain file`);
      if (PUBLIC) {
        const written = fs.readFileSync(path.join(PUBLIC, file + ext));
        if (!written.equals(res.body)) problems.push(`${target} (${encoding}): not the ${file}${ext} that senda wrote (${res.body.length} bytes, the file ${written.length})`);
      }
      sizes.push([encoding, res.body.length]);
    }
    sizes.push(['plain', plain.body.length]);
  }
  const total = (e) => sizes.filter(([k]) => k === e).reduce((n, [, b]) => n + b, 0);
  console.log(`    (these ${sizes.length / 3} files: ${total('plain')} bytes, gzip ${total('gzip')}, brotli ${total('br')})`);
  return problems;
});

check(`${NAME}: "page not found" in the reader's language, with the security headers`, async () => {
  const problems = [];
  for (const [target, lang] of [[url('es/no-such-page/'), 'es'], [url('ar/no/such/page.html'), 'ar'], [url('no-such-page/'), 'es']]) {
    const res = await get(target);
    const html = res.body.toString();
    if (res.status !== 404) problems.push(`${target}: status ${res.status}, expected 404`);
    const m = /<html[^>]* lang="?([A-Za-z-]+)/.exec(html);
    if (!m || m[1] !== lang) problems.push(`${target}: a page in "${m && m[1]}", expected the ${lang} 404 page`);
    if (!/<h1/.test(html)) problems.push(`${target}: no h1`);
    problems.push(...securityProblems(target, res.headers, page.csp));
  }
  return problems;
});

// ---------------------------------------------------------------------------------------------

const started = Date.now();
setTimeout(() => {
  console.log('✗ the server checks took more than 2 minutes: stopped');
  process.exit(1);
}, 2 * 60 * 1000).unref();
let failed = 0;
for (const { name, fn } of checks) {
  const t = Date.now();
  let problems;
  try {
    problems = await fn();
  } catch (e) {
    problems = [`error: ${e.stack || e.message}`];
  }
  const secs = ((Date.now() - t) / 1000).toFixed(1);
  if (problems.length === 0) {
    console.log(`✓ ${name} (${secs} s)`);
  } else {
    failed++;
    console.log(`✗ ${name} (${secs} s)`);
    for (const p of problems) console.log(`    - ${p}`);
  }
}
console.log(`${checks.length - failed} of ${checks.length} checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
