// Images and audio in Chromium (issue 17), run from tests/it/media.rs on a fixture built with
// large images and synthesised Haitian Creole speech:
//   node media.mjs --public <dir> [--kiosk <dir of the kiosk edition>]
// The site is served over HTTP by a small static server here (Range requests included, as
// audio players make them). A phone 360 px wide (device pixel ratio 1):
// 1. the page with a large image fetches none of its files until "Show image (… KB)" is
//    tapped, then fetches the WebP made for 360 px, and only that;
// 2. on a Haitian Creole page with synthesised audio nothing of it is fetched before Listen is
//    pressed; then Listen starts the page's <audio> (it is not paused) and the file is fetched;
// 3. with JavaScript off, nothing of the large image is fetched either: the opened box holds a
//    link, "Abrir la imagen", that opens the 360 px file itself.
// 4. "Save with audio" (+N MB) beside "Save for offline" saves the language's audio in the
//    service worker's cache only when pressed (a real service worker here);
// 5. on the kiosk edition (from file://), the player is big and Listen plays it.
// Prints one line per check (✓ or ✗) and exits 1 if any failed.
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const root = path.resolve(args.public);
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.webp': 'image/webp', '.opus': 'audio/ogg', '.webmanifest': 'application/manifest+json',
};

const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (p.endsWith('/')) p += 'index.html';
  const file = path.join(root, p);
  if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404);
    res.end();
    return;
  }
  const data = fs.readFileSync(file);
  const type = TYPES[path.extname(file)] || 'application/octet-stream';
  const range = /bytes=(\d*)-(\d*)/.exec(req.headers.range || '');
  if (range) {
    const start = range[1] ? Number(range[1]) : 0;
    const end = range[2] ? Math.min(Number(range[2]), data.length - 1) : data.length - 1;
    res.writeHead(206, { 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Content-Range': `bytes ${start}-${end}/${data.length}`, 'Content-Length': end - start + 1 });
    res.end(data.subarray(start, end + 1));
    return;
  }
  res.writeHead(200, { 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Content-Length': data.length });
  res.end(data);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

let failures = 0;
function check(name, ok, detail = '') {
  console.log(`${ok ? '✓' : '✗'} ${name}${detail ? ` — ${detail}` : ''}`);
  if (!ok) failures++;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});

async function phone(javaScriptEnabled = true) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, javaScriptEnabled,
  });
  context.setDefaultTimeout(15000);
  // No service worker: every request reaches the network, where it is seen.
  await context.route('**/sw.js', (route) => route.abort());
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const errors = [];
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  // The service worker is refused above (so every request is seen here): its failed
  // registration is the one error expected.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/fetching the script/.test(m.text())) errors.push(m.text());
  });
  return { context, page, requests, errors };
}

// Presses Listen and waits (up to 15 s) for the page's <audio> to play; returns its state.
async function pressListen(page) {
  await page.click('button.listen');
  await page.waitForFunction(() => {
    const a = document.querySelector('figure.audio audio');
    return a && !a.paused && a.currentTime > 0;
  }, null, { timeout: 15000 }).catch(() => {});
  return page.$eval('figure.audio audio', (a) => ({ paused: a.paused, time: a.currentTime, error: a.error && a.error.message }));
}

const media = (list) => list.filter((u) => u.includes('/media/'));

// 1. The tap.
for (const js of [true, false]) {
  const label = js ? '' : ' (no JavaScript)';
  const { context, page, requests, errors } = await phone(js);
  await page.goto(`${base}es/guide/index.html`);
  await page.waitForLoadState('networkidle');
  // Scroll through the whole page: lazy images near the screen would load now.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForTimeout(500);
  await page.evaluate(() => window.scrollTo(0, 0));
  const map = await page.$$eval('details.tap template', (ts) => ts.map((t) => {
    const s = t.content.querySelector('source');
    return s ? s.getAttribute('srcset') : '';
  }));
  const mapFiles = (map[0] || '').split(', ').map((e) => e.split(' ')[0].split('/').pop());
  check(`the large image's files are known${label}`, mapFiles.length === 3, map.join(' | '));
  const before = media(requests).filter((u) => mapFiles.some((f) => u.endsWith(f)) || u.includes('/media/map-'));
  check(`no file of the large image is fetched before the tap${label}`, before.length === 0, before.join(' '));
  const summary = await page.textContent('details.tap summary');
  check(`the summary says how much it weighs${label}`, /^Ver la imagen \(\d+ KB\)/.test(summary.trim()), summary);
  await page.click('details.tap summary');
  if (js) {
    await page.waitForFunction(() => {
      const img = document.querySelector('details.tap img');
      return img && img.complete && img.naturalWidth > 0;
    });
    const after = media(requests).filter((u) => u.includes('/media/map-'));
    check(`after the tap, the WebP made for 360 px is fetched, and only it${label}`, after.length === 1 && /\/media\/map-360\.[0-9a-f]{10}\.webp$/.test(after[0]), after.join(' '));
    const shown = await page.$eval('details.tap img', (i) => ({ src: i.currentSrc, w: i.getBoundingClientRect().width, h: i.getBoundingClientRect().height }));
    check(`the image is shown, within the screen${label}`, shown.w > 300 && shown.w <= 360 && shown.h > 100, JSON.stringify(shown));
    check('the link for readers without JavaScript is gone', (await page.$('details.tap a.tap-open')) === null);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    check(`no sideways scroll${label}`, scroll);
  } else {
    await page.waitForTimeout(500);
    const opened = media(requests).filter((u) => u.includes('/media/map-'));
    check(`opening the box fetches nothing yet${label}`, opened.length === 0, opened.join(' '));
    const link = await page.$eval('details.tap a.tap-open', (a) => {
      const r = a.getBoundingClientRect();
      return { text: a.textContent, h: r.height, visible: r.width > 0 && r.height > 0 };
    });
    check(`the open box shows "Abrir la imagen", a target of 44 px or more${label}`,
      link.visible && link.text === 'Abrir la imagen' && link.h >= 44, JSON.stringify(link));
    const response = await Promise.all([page.waitForNavigation(), page.click('details.tap a.tap-open')]).then((r) => r[0]);
    const after = media(requests).filter((u) => u.includes('/media/map-'));
    check(`the link opens the WebP made for 360 px, and only it${label}`,
      response && response.ok() && /\/media\/map-360\.[0-9a-f]{10}\.webp$/.test(page.url()) && after.length === 1,
      `${page.url()} ${after.join(' ')}`);
  }
  check(`no script errors${label}`, errors.length === 0, errors.join(' | '));
  await context.close();
}

// 2. Listen plays the synthesised audio.
{
  const { context, page, requests, errors } = await phone();
  await page.goto(`${base}ht/rights/asylum/index.html`);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  const player = await page.$eval('figure.audio audio', (a) => ({ preload: a.getAttribute('preload'), src: a.currentSrc || a.src, paused: a.paused }));
  check('the page has an audio player that preloads nothing', player.preload === 'none' && player.paused, JSON.stringify(player));
  const opusBefore = requests.filter((u) => u.endsWith('.opus'));
  check('no audio is fetched before Listen is pressed', opusBefore.length === 0, opusBefore.join(' '));
  const listen = await page.$eval('button.listen', (b) => ({ hidden: b.hidden, text: b.textContent }));
  check('the Listen button is shown (the page has audio)', !listen.hidden && listen.text === 'Koute', JSON.stringify(listen));
  const state = await pressListen(page);
  check('Listen starts the <audio> (not paused after the click)', !state.paused, JSON.stringify(state));
  const button = await page.textContent('button.listen');
  check('the button now says Stop', button === 'Kanpe', button);
  const opusAfter = requests.filter((u) => u.endsWith('.opus'));
  check('the audio is fetched once Listen is pressed', opusAfter.length >= 1, opusAfter.join(' '));
  await page.click('button.listen');
  check('pressing it again pauses', await page.$eval('figure.audio audio', (a) => a.paused));
  check('no script errors on the audio page', errors.length === 0, errors.join(' | '));
  await context.close();
}

// 4. "Save with audio": a real service worker; audio is saved only when asked.
{
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true,
  });
  context.setDefaultTimeout(20000);
  const errors = [];
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}ht/index.html`);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  // What the worker has saved, as paths.
  const saved = () => page.evaluate(async () => {
    const out = [];
    for (const name of await caches.keys()) {
      for (const r of await (await caches.open(name)).keys()) out.push(new URL(r.url).pathname);
    }
    return out;
  });
  await page.waitForSelector('#save-audio:not([hidden])');
  const label = await page.textContent('#save-audio');
  check('"Save with audio" says how much the audio weighs', /^Sere odyo a tou \(\+\u2068?\d+(,\d)? (KB|MB)\u2069?\)$/.test(label), label);
  const opusBefore = (await saved()).filter((u) => u.endsWith('.opus'));
  check('before any button, no audio is saved', opusBefore.length === 0, opusBefore.join(' '));
  const done = await page.getAttribute('#save-offline', 'data-saved');
  await page.click('#save-offline');
  await page.waitForFunction((d) => document.querySelector('#save-offline span').textContent === d, done);
  const afterPages = await saved();
  check('"Save for offline" saves the pages', afterPages.some((u) => u.endsWith('/ht/rights/asylum/index.html')), `${afterPages.length} files`);
  check('"Save for offline" saves no audio', !afterPages.some((u) => u.endsWith('.opus')), afterPages.filter((u) => u.endsWith('.opus')).join(' '));
  await page.click('#save-audio');
  await page.waitForFunction((d) => document.querySelector('#save-audio').textContent === d, done);
  const manifest = await page.evaluate(() => fetch(document.querySelector('#save-offline').getAttribute('data-href')).then((r) => r.json()));
  const wanted = (manifest.audio || []).map((a) => a[0]);
  const afterAudio = await saved();
  check('"Save with audio" saves every audio file of the language',
    wanted.length > 0 && wanted.every((w) => afterAudio.some((u) => u.endsWith('/' + w))),
    `${wanted.length} listed, ${afterAudio.filter((u) => u.endsWith('.opus')).length} saved`);
  check('no script errors while saving', errors.length === 0, errors.join(' | '));
  await context.close();
}

// 5. The kiosk (local files): a big player that plays.
if (args.kiosk) {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
  context.setDefaultTimeout(15000);
  const errors = [];
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  const file = 'file://' + path.resolve(args.kiosk, 'ht/rights/asylum/index.html');
  await page.goto(file);
  const box = await page.$eval('figure.audio audio', (a) => {
    const r = a.getBoundingClientRect();
    return { w: r.width, h: r.height, preload: a.getAttribute('preload'), controls: a.controls };
  });
  check('the kiosk shows a big audio player (72 px tall, the column wide)', box.controls && box.h >= 72 && box.w >= 600 && box.preload === 'none', JSON.stringify(box));
  const state = await pressListen(page);
  check('on the kiosk, Listen plays the page\'s audio', !state.paused && state.time > 0, JSON.stringify(state));
  check('no script errors on the kiosk', errors.length === 0, errors.join(' | '));
  await context.close();
}

await browser.close();
server.close();
if (failures) {
  console.log(`${failures} check(s) failed`);
  process.exit(1);
}
console.log('all media checks passed');
