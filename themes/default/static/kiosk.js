/* senda kiosk edition: a touch screen in a waiting room, used by a stranger every few minutes.
   - navigation never adds to the browser history (location.replace), so nothing a person read
     can be reached with Back by the next; our own Back button keeps its list in sessionStorage;
   - A−/A+ change the text size (kiosks disable pinch-zoom);
   - after the idle time without a touch, a countdown of at least 20 seconds (WCAG 2.2.1) with a
     big "I'm still here" button; then back to the start screen with storage cleared, inputs
     emptied and scroll reset. */
(function () {
  'use strict';
  var doc = document;
  var html = doc.documentElement;
  if (!html.hasAttribute('data-kiosk')) return;
  var script = doc.currentScript;
  var root = script ? new URL('./', script.src).href : new URL('/', location.href).href;
  var start = root + 'index.html';
  var store = window.sessionStorage;
  var BACK = 'senda-kiosk-back';
  var TEXT = 'senda-kiosk-text';

  function get(key, fallback) {
    try { var v = store.getItem(key); return v === null ? fallback : JSON.parse(v); } catch (e) { return fallback; }
  }
  function set(key, value) {
    try { store.setItem(key, JSON.stringify(value)); } catch (e) { /* storage off: no back list */ }
  }
  function go(url) { location.replace(url); }

  // Links: replace, never push.
  doc.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a[href]');
    if (!a || e.defaultPrevented || a.target || a.hasAttribute('download')) return;
    var url = new URL(a.href, location.href);
    if (url.protocol === 'tel:' || url.protocol === 'mailto:') return;
    if (url.protocol !== location.protocol || url.host !== location.host) return;
    if (url.hash && url.pathname === location.pathname) return;
    e.preventDefault();
    if (a.hasAttribute('data-kiosk-back')) {
      var list = get(BACK, []);
      var prev = list.pop();
      set(BACK, list);
      go(prev || url.href);
      return;
    }
    var back = get(BACK, []);
    back.push(location.href);
    set(BACK, back.slice(-50));
    go(url.href);
  });

  // Text size: five steps, remembered until the next reset.
  var size = get(TEXT, 0);
  function applySize() { html.setAttribute('data-text', String(size)); }
  applySize();
  Array.prototype.forEach.call(doc.querySelectorAll('[data-kiosk-text]'), function (b) {
    b.addEventListener('click', function () {
      size = Math.max(-1, Math.min(3, size + Number(b.getAttribute('data-kiosk-text'))));
      set(TEXT, size);
      applySize();
    });
  });

  var print = doc.querySelector('[data-kiosk-print]');
  if (print && window.print) {
    print.hidden = false;
    print.addEventListener('click', function () { window.print(); });
  }

  // Idle reset.
  var idle = Number(html.getAttribute('data-idle')) || 90;
  var warning = Math.max(20, Number(html.getAttribute('data-warning')) || 30);
  var dialog = doc.getElementById('kiosk-idle');
  var text = doc.getElementById('kiosk-idle-text');
  var stay = doc.getElementById('kiosk-still-here');
  var left = 0;
  var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(html.lang) : null;

  // One reset per page: a second location.replace while the first navigation is under way
  // aborts it (a busy kiosk, or a clock that ran several ticks at once).
  var leaving = false;
  function reset() {
    if (leaving) return;
    leaving = true;
    try { window.sessionStorage.clear(); } catch (e) {}
    try { window.localStorage.clear(); } catch (e) {}
    try { if (window.caches) caches.keys().then(function (k) { k.forEach(function (n) { caches.delete(n); }); }); } catch (e) {}
    Array.prototype.forEach.call(doc.querySelectorAll('input, textarea'), function (i) { i.value = ''; });
    window.scrollTo(0, 0);
    go(start);
  }
  function show() {
    if (!text) return;
    var category = rules ? rules.select(left) : 'other';
    var message = text.getAttribute('data-' + category) || text.getAttribute('data-other') || '';
    var sample = text.getAttribute('data-sample-' + category) || text.getAttribute('data-sample-other');
    var marked = '\u2068' + sample + '\u2069';
    text.textContent = message.indexOf(marked) >= 0 ? message.replace(marked, String(left)) : message.replace(sample, String(left));
  }
  // The clock is a deadline, not a timer: a timer a sleeping screen or a busy browser delays
  // must not keep the last person's page on screen. Every second (and whenever the page
  // becomes visible again) the time since the last touch decides.
  var last = Date.now();
  var warnedAt = 0;
  var counting = false;
  function check() {
    var now = Date.now();
    var idleFor = (now - last) / 1000;
    if (idleFor < idle) return;
    // The start screen has nothing to clear, but keeps the same clock; and a screen that slept
    // through the whole warning was left long ago.
    if (!dialog || html.hasAttribute('data-start') || (!counting && idleFor >= idle + warning)) { reset(); return; }
    if (!counting) {
      counting = true;
      warnedAt = now;
      dialog.hidden = false;
      if (stay) stay.focus();
    }
    // The warning lasts its full time from when it appeared (WCAG 2.2.1).
    left = Math.ceil(warning - (now - warnedAt) / 1000);
    if (left <= 0) { reset(); return; }
    show();
  }
  function active() {
    last = Date.now();
    counting = false;
    if (dialog) dialog.hidden = true;
  }
  ['pointerdown', 'touchstart', 'keydown', 'wheel', 'scroll'].forEach(function (type) {
    window.addEventListener(type, function () { if (!counting) active(); }, { passive: true, capture: true });
  });
  doc.addEventListener('visibilitychange', check);
  window.addEventListener('pageshow', function (e) { if (e.persisted) leaving = false; check(); });
  if (stay) stay.addEventListener('click', active);
  setInterval(check, 1000);
})();
