// The hub's ZIM files read in Chromium through kiwix-serve (kiwix-tools 3.3 serves a book at
// /BOOK/PATH, BOOK being the file's name without .zim, and adds its own toolbar to each page).
// tests/it/zim.rs builds the ZIM files, starts kiwix-serve on loopback and runs this script.
//
//   node tests/browser/kiwix.mjs --base http://127.0.0.1:PORT/ --books hub_es_2026-05:es,hub_en_2026-05:en
//
// For each book: the book's address leads to the language's home page; the home page, a topic
// page and the emergency numbers load with the hub's stylesheet and none of its scripts; every
// internal link and file on those pages resolves inside the same book; Kiwix's full-text search
// finds the topic page by a word of its text. Over all of it, no request leaves loopback.
// Prints one line per check (✓ or ✗ with what failed) and exits 1 if any check failed.

import { chromium } from 'playwright-core';
import http from 'node:http';

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const BASE = new URL(arg('--base', 'http://127.0.0.1:8080/')).href;
const ORIGIN = new URL(BASE).origin;
const BOOKS = arg('--books', '').split(',').filter(Boolean).map((b) => {
  const [name, lang] = b.split(':');
  return { name, lang };
});
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 20000;
const TOPIC = 'rights/detention/index.html';
const EMERGENCY = 'help/emergency-numbers/index.html';

const text = (s) => (s || '').replace(/[\u2068\u2069]/g, '').replace(/\s+/g, ' ').trim();

function get(target) {
  return new Promise((resolve, reject) => {
    const req = http.get(target, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.setTimeout(TIMEOUT, () => req.destroy(new Error(`timeout: ${target}`)));
  });
}

// Every request the browser makes, and every answer that is not a success.
const requests = [];
const failures = [];

const checks = [];
function check(name, fn) {
  checks.push({ name, fn });
}

let browser;
let context;

// What a page of the hub holds, leaving out what kiwix-serve adds (its toolbar, /skin/ files).
function inspect() {
  const ours = (el) => !el.closest('.kiwix, #kiwixtoolbar');
  const urls = [];
  for (const el of document.querySelectorAll('[href], [src]')) {
    if (!ours(el)) continue;
    const raw = el.getAttribute('href') ?? el.getAttribute('src');
    if (raw === '' || /^\/skin\//.test(raw)) continue;
    if (el.tagName === 'LINK' && el.getAttribute('type') === 'root') continue;
    urls.push({ tag: el.tagName.toLowerCase(), rel: el.getAttribute('rel') || '', raw, url: el.href || el.src });
  }
  const sheets = [...document.styleSheets].filter((s) => s.href && /\/style\.[0-9a-f]{10}\.css$/.test(s.href));
  let rules = 0;
  try {
    rules = sheets.length ? sheets[0].cssRules.length : 0;
  } catch {
    rules = -1;
  }
  return {
    lang: document.documentElement.lang,
    h1: document.querySelector('h1') ? document.querySelector('h1').textContent : null,
    main: document.querySelector('main') ? document.querySelector('main').innerText : '',
    urls,
    rules,
    scripts: [...document.querySelectorAll('script[src]')].map((s) => s.getAttribute('src')).filter((s) => !/^\/skin\//.test(s)),
    tel: document.querySelectorAll('main a[href^="tel:"]').length,
    switcher: !!document.querySelector('nav.langs'),
  };
}

for (const book of BOOKS) {
  const root = `${BASE}${book.name}/`;
  const topicPage = `${root}${book.lang}/${TOPIC}`;
  let topicText = '';
  let topicH1 = '';

  check(`${book.name}: the book opens on the ${book.lang} home page; home, topic and emergency numbers read with the hub's style and no script of ours`, async () => {
    const problems = [];
    const page = await context.newPage();
    try {
      await page.goto(root, { waitUntil: 'load' });
      const home = `${root}${book.lang}/index.html`;
      if (page.url() !== home) problems.push(`${root} leads to ${page.url()}, expected ${home}`);
      for (const p of ['index.html', TOPIC, EMERGENCY]) {
        const target = `${root}${book.lang}/${p}`;
        const res = await page.goto(target, { waitUntil: 'load' });
        if (!res || res.status() !== 200) {
          problems.push(`${target}: status ${res && res.status()}`);
          continue;
        }
        const info = await page.evaluate(inspect);
        if (info.lang !== book.lang) problems.push(`${target}: <html lang="${info.lang}">`);
        if (!text(info.h1)) problems.push(`${target}: no h1`);
        if (info.rules < 10) problems.push(`${target}: the hub's stylesheet is not applied (${info.rules} rules)`);
        if (info.scripts.length) problems.push(`${target}: scripts of the web edition: ${info.scripts.join(', ')}`);
        if (info.switcher) problems.push(`${target}: the language switcher is there`);
        if (p === EMERGENCY && info.tel < 3) problems.push(`${target}: only ${info.tel} phone links`);
        if (p === TOPIC) {
          topicText = info.main;
          topicH1 = text(info.h1);
        }
      }
    } finally {
      await page.close();
    }
    return problems;
  });

  check(`${book.name}: every internal link and file on those pages resolves inside the book`, async () => {
    const problems = [];
    const page = await context.newPage();
    let count = 0;
    try {
      for (const p of ['index.html', TOPIC, EMERGENCY]) {
        const target = `${root}${book.lang}/${p}`;
        await page.goto(target, { waitUntil: 'load' });
        const info = await page.evaluate(inspect);
        for (const u of info.urls) {
          let parsed;
          try {
            parsed = new URL(u.url);
          } catch {
            problems.push(`${target}: <${u.tag} ${u.raw}> is not an address`);
            continue;
          }
          if (parsed.origin !== ORIGIN) {
            // Another site (canonical, hreflang, a source) or tel:: never requested here.
            if (!/^(https?:|tel:|mailto:)$/.test(parsed.protocol)) problems.push(`${target}: <${u.tag} ${u.raw}>`);
            continue;
          }
          if (!parsed.pathname.startsWith(`/${book.name}/`)) {
            problems.push(`${target}: <${u.tag} href="${u.raw}"> leaves the book (${parsed.pathname})`);
            continue;
          }
          parsed.hash = '';
          const res = await get(parsed.href);
          count++;
          if (res.status !== 200) problems.push(`${target}: <${u.tag} ${u.raw}> → ${parsed.pathname}: status ${res.status}`);
        }
      }
    } finally {
      await page.close();
    }
    if (count < 40) problems.push(`only ${count} internal links and files found`);
    console.log(`    (${count} internal links and files)`);
    return problems;
  });

  check(`${book.name}: Kiwix's full-text search finds the topic page by a word of its text`, async () => {
    // The longest word of the page's text that is not in its title, typed without accents:
    // the index has none, and Debian 12's libzim (8.1) does not remove them from a query
    // (kiwix/libkiwix#953, fixed in libzim 8.2.1), so "organización" finds nothing there.
    const plain = (w) => w.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC').toLowerCase();
    const inTitle = new Set(topicH1.split(/[^\p{L}\p{M}\p{N}]+/u).map(plain));
    const words = topicText
      .split(/[^\p{L}\p{M}\p{N}]+/u)
      .map(plain)
      .filter((w) => w.length >= 6 && !inTitle.has(w) && !/\d/.test(w));
    if (!words.length) return [`no word to search for in ${topicPage}`];
    const word = words.reduce((a, b) => (b.length > a.length ? b : a));
    const page = await context.newPage();
    try {
      const search = `${BASE}search?content=${encodeURIComponent(book.name)}&pattern=${encodeURIComponent(word)}&pageLength=100`;
      const res = await page.goto(search, { waitUntil: 'load' });
      if (!res || res.status() !== 200) return [`${search}: status ${res && res.status()}`];
      const links = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
      const hits = links.filter((l) => l.startsWith(`${root}${book.lang}/`));
      console.log(`    ("${word}": ${hits.length} results)`);
      if (!links.includes(topicPage)) return [`searching "${word}" does not find ${topicPage} (${hits.length} results)`];
    } finally {
      await page.close();
    }
    return [];
  });
}

check('no request leaves loopback, and none failed', async () => {
  const problems = [];
  console.log(`    (${requests.length} requests recorded)`);
  if (requests.length < 20) problems.push(`only ${requests.length} requests recorded`);
  const seen = new Set();
  for (const r of requests) {
    let host;
    try {
      host = new URL(r).hostname;
    } catch {
      host = '?';
    }
    if (host !== '127.0.0.1' && !/^(data|about|blob):/.test(r) && !seen.has(r)) {
      seen.add(r);
      problems.push(`request to ${r}`);
    }
  }
  problems.push(...failures);
  return problems;
});

// ---------------------------------------------------------------------------------------------

const started = Date.now();
setTimeout(() => {
  console.log('✗ the Kiwix checks took more than 4 minutes: stopped');
  process.exit(1);
}, 4 * 60 * 1000).unref();
if (!BOOKS.length) {
  console.log('✗ no --books given');
  process.exit(1);
}
let failed = 0;
try {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  context = await browser.newContext();
  context.setDefaultTimeout(TIMEOUT);
  context.setDefaultNavigationTimeout(TIMEOUT);
  context.on('request', (r) => requests.push(r.url()));
  context.on('requestfailed', (r) => {
    const error = r.failure() && r.failure().errorText;
    // A favicon still loading when the next page is opened is aborted: not a failure (the
    // link check fetches every file anyway).
    if (error !== 'net::ERR_ABORTED') failures.push(`request failed: ${r.url()} (${error})`);
  });
  context.on('response', (r) => {
    if (r.status() >= 400) failures.push(`status ${r.status()}: ${r.url()}`);
  });
} catch (e) {
  console.log(`✗ launching ${CHROMIUM}: ${e.message}`);
  process.exit(1);
}
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
await browser.close();
console.log(`${checks.length - failed} of ${checks.length} checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
