// Browser checks of the web editor (Decap CMS in admin/), run from tests/it/cms.rs:
//   node cms.mjs --base <senda serve URL> --site <site folder> [--published <nginx URL>] [--shots <dir>]
// 1. Local editing: `senda serve` + Decap's local backend (decap-server, git mode, on loopback):
//    log in, create a page in the Spanish section with a Haitian Creole translation, check the
//    preview, publish; edit the services directory (a bad phone number is refused, a good one
//    saved). The Rust side then checks the files, `senda check` and the built pages.
// 2. The published editor (the built site served by nginx with deploy/nginx/): it loads, with its
//    own headers, up to the forge's login button.
// Throughout, every request is recorded: none may leave loopback; no CSP violation may happen.
import { chromium } from 'playwright-core';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const base = args.base.endsWith('/') ? args.base : `${args.base}/`;
const site = args.site;

let failures = 0;
function check(name, ok, detail = '') {
  console.log(`${ok ? '✓' : '✗'} ${name}${detail ? ` — ${detail}` : ''}`);
  if (!ok) failures++;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-domain-reliability', '--disable-features=Translate,OptimizationHints,MediaRouter'],
});

const outside = [];
let refusing = false;
const violations = [];
const errors = [];
const loopback = /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;
async function newContext() {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'es-MX' });
  context.on('request', (r) => {
    const u = r.url();
    if (!loopback.test(u) && !/^(data|blob|about):/.test(u)) outside.push(u);
  });
  context.on('page', (p) => p.on('websocket', (ws) => { if (!loopback.test(ws.url())) outside.push(ws.url()); }));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP-VIOLATION ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return context;
}
function watch(page) {
  page.on('console', (m) => {
    const text = m.text();
    if (text.startsWith('CSP-VIOLATION')) violations.push(text);
    else if (m.type() === 'error' && !/favicon|status of 404/.test(text)) errors.push(`console: ${text}`);
  });
  page.on('pageerror', (e) => {
    // Known upstream: switching the right pane's language throws (decaporg/decap-cms#6307).
    if (/onLocaleChange is not a function/.test(e.message)) return;
    // A save refused by validation is rejected with nothing (expected while `refusing`).
    if (refusing && e.message === 'undefined') return;
    errors.push(`page: ${e.message} ${(e.stack || "").slice(0, 800)}`);
  });
}

async function waitFor(what, f, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) return null;
    await new Promise((r) => setTimeout(r, 200));
  }
}
const read = (rel) => (existsSync(join(site, rel)) ? readFileSync(join(site, rel), 'utf8') : null);
const last = (page, name) => page.locator(`[id^="${name}-field-"]`).last();

// 1. Local editing.
{
  const context = await newContext();
  const page = await context.newPage();
  watch(page);
  const index = await page.goto(`${base}admin/`);
  check('serve answers /admin/', index.status() === 200, String(index.status()));
  const robots = await page.getAttribute('meta[name="robots"]', 'content');
  check('admin/ is not indexed', robots === 'noindex, nofollow', robots);
  const login = page.getByRole('button', { name: /Iniciar sesión|Login/ });
  await login.waitFor({ timeout: 30000 });
  check('Decap speaks the site\'s default language (its locale files are in the bundle)', (await login.textContent()).includes('Iniciar sesión'));
  await login.click();
  await page.getByText('Tus derechos').first().waitFor({ timeout: 20000 });
  check('the collections are the site\'s sections', await page.getByText('Directorio de servicios').first().isVisible());

  // A new page in the Spanish section "rights", with a Haitian Creole translation.
  await page.goto(`${base}admin/#/collections/rights/new`);
  await page.waitForSelector('[id^="title-field-"]');
  await last(page, 'title').first().waitFor();
  const title = page.locator('[id^="title-field-"]');
  await title.nth(0).fill('Trabajar en México');
  await page.locator('[id^="description-field-"]').nth(0).fill('Qué dice la ley sobre el trabajo.');
  await page.locator('[id^="weight-field-"]').nth(0).fill('30');
  await page.locator('[id^="tags-field-"]').nth(0).fill('Asilo');
  await page.keyboard.press('Enter');
  await page.locator('[id^="countries-field-"]').nth(0).fill('México');
  await page.keyboard.press('Enter');
  const ahead = new Date();
  ahead.setUTCDate(ahead.getUTCDate() + 365);
  const review = await page.locator('[id^="review_by-field-"]').nth(0).inputValue();
  check('a new page gets review_by a year ahead', review === ahead.toISOString().slice(0, 10), review);
  await page.locator('[data-slate-editor]').nth(0).click();
  await page.keyboard.type('Puedes pedir un permiso de trabajo.');

  // The preview (shown instead of the second language): the theme's stylesheet and structure.
  const i18nToggle = page.locator('button[title*="i18n" i]').first();
  await i18nToggle.click();
  if (!(await page.locator('#preview-pane').isVisible())) await page.locator('button[title*="preview" i]').first().click();
  await page.locator('#preview-pane').waitFor({ timeout: 10000 }).catch(() => {});
  const preview = page.frameLocator('#preview-pane');
  const previewTitle = await preview.locator('main article h1').textContent({ timeout: 10000 }).catch(() => '');
  check('the preview shows the page as the theme does', previewTitle === 'Trabajar en México', previewTitle);
  const styled = await preview.locator('link[rel=stylesheet]').evaluateAll((links) => links.map((l) => [l.getAttribute('href'), l.sheet ? l.sheet.cssRules.length : 0]));
  check('the preview uses the theme\'s stylesheet', styled.some(([href, rules]) => /style\.[0-9a-f]{10}\.css$/.test(href) && rules > 10), JSON.stringify(styled));

  if (args.shots) await page.screenshot({ path: `${args.shots}/cms-preview.png` });
  await i18nToggle.click();

  // The translation: the right pane, switched to Kreyòl ayisyen.
  await page.getByRole('button', { name: /Writing in EN/i }).click();
  await page.getByRole('menuitem', { name: 'ht', exact: true }).click();
  await page.getByRole('button', { name: /Writing in HT/i }).waitFor();
  await title.nth(1).fill('Travay nan Meksik');
  await page.locator('[data-slate-editor]').nth(1).click();
  await page.keyboard.type('Ou ka mande yon pèmi travay.');
  if (args.shots) await page.screenshot({ path: `${args.shots}/cms-editor.png` });

  await page.getByRole('button', { name: 'Publicar' }).click();
  await page.getByRole('menuitem', { name: /Publicar ahora/ }).click();
  const es = await waitFor('the Spanish file', () => read('content/rights/trabajar-en-mexico.es.md'));
  const ht = await waitFor('the Creole file', () => read('content/rights/trabajar-en-mexico.ht.md'));
  check('the page is saved as content/rights/trabajar-en-mexico.es.md', Boolean(es), es || 'missing');
  check('its translation as content/rights/trabajar-en-mexico.ht.md', Boolean(ht), ht || 'missing');
  check('no file is written for the languages left empty', !read('content/rights/trabajar-en-mexico.en.md') && !read('content/rights/trabajar-en-mexico.fr.md'));
  await page.getByText(/Publicado|Published/).first().waitFor({ timeout: 10000 }).catch(() => {});

  // The services directory: a bad phone number is refused, a good one saved.
  // A fresh load: Decap keeps the last entry's draft across a change of the address's hash.
  await page.goto('about:blank');
  await page.goto(`${base}admin/#/collections/services-directory/entries/services`);
  await page.getByRole('button', { name: 'Add services' }).click();
  await last(page, 'id').fill('gt-tecun-legal');
  await last(page, 'name').fill('Apoyo legal (ejemplo), Tecún Umán');
  await last(page, 'kind').fill('legal');
  await page.keyboard.press('Enter');
  await last(page, 'country').fill('Guatemala');
  await page.keyboard.press('Enter');
  await last(page, 'city').fill('Tecún Umán');
  await page.getByRole('button', { name: 'Add opening hours' }).last().click();
  await last(page, 'days').fill('mon-fri');
  await last(page, 'from').fill('08:00');
  await last(page, 'to').fill('16:00');
  await last(page, 'last_verified').fill('2026-11-30');
  // Last: a refused number shows its message as soon as the field loses focus.
  await page.getByRole('button', { name: 'Add phone numbers' }).last().click();
  await last(page, 'number').fill('+0 12');
  const before = read('data/services.yaml');
  refusing = true;
  await page.getByRole('button', { name: 'Publicar' }).click();
  await page.getByRole('menuitem', { name: /Publicar ahora/ }).click();
  const refused = await page.getByText('Write + and the country code').first().waitFor({ timeout: 10000 }).then(() => true, () => false);
  check('a phone number the validator refuses is refused in the editor too', refused && read('data/services.yaml') === before);
  refusing = false;
  await last(page, 'number').click();
  for (let i = 0; i < 8; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('+502 7776 0000');
  await page.keyboard.press('Tab');
  await page.getByRole('button', { name: 'Publicar' }).click();
  await page.getByRole('menuitem', { name: /Publicar ahora/ }).click();
  const saved = await waitFor('the directory', () => (read('data/services.yaml') || '').includes('gt-tecun-legal'));
  if (!saved) await page.screenshot({ path: '/tmp/cms-dir.png', fullPage: true });
  check('the directory entry is saved in data/services.yaml', Boolean(saved), read('data/services.yaml') || 'missing');
  await context.close();
}

// 2. The published editor, served by nginx with the documented configuration.
if (args.published) {
  const published = args.published.endsWith('/') ? args.published : `${args.published}/`;
  const context = await newContext();
  const page = await context.newPage();
  watch(page);
  const res = await page.goto(`${published}admin/`);
  const headers = res.headers();
  check('nginx serves admin/ with its own policy', (headers['content-security-policy'] || '').includes("'unsafe-eval'") && (headers['content-security-policy'] || '').includes("frame-ancestors 'none'"), headers['content-security-policy']);
  check('nginx tells robots not to index admin/', headers['x-robots-tag'] === 'noindex, nofollow', headers['x-robots-tag']);
  const meta = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  check('the page carries senda\'s exact policy, with the forge', (meta || '').includes('connect-src \'self\' https://git.example.org') && !(meta || '').includes('127.0.0.1'), meta);
  const login = page.getByRole('button', { name: /Gitea/ });
  const shown = await login.waitFor({ timeout: 30000 }).then(() => true, () => false);
  check('the published editor loads up to the forge\'s login', shown);
  const reader = await page.request.get(`${published}es/index.html`);
  check('the readers\' pages keep their strict policy', (reader.headers()['content-security-policy'] || '').startsWith("default-src 'self'; script-src 'self';"), reader.headers()['content-security-policy']);
  await context.close();
}

// The phone pattern of the directory's form accepts exactly what the validator accepts.
if (args.phones) {
  const { pattern, cases } = JSON.parse(readFileSync(args.phones, 'utf8'));
  const re = new RegExp(pattern);
  const wrong = cases.filter(([n, ok]) => re.test(n) !== ok);
  check('the phone pattern agrees with the validator', wrong.length === 0, JSON.stringify(wrong));
}

check('no request left this computer', outside.length === 0, outside.slice(0, 10).join(' '));
check('no Content-Security-Policy violation', violations.length === 0, violations.slice(0, 10).join(' | '));
check('no script error', errors.length === 0, errors.slice(0, 10).join(' | '));
await browser.close();
console.log(failures ? `${failures} check(s) failed` : 'all web editor checks passed');
process.exit(failures ? 1 : 0);
