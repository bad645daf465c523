/* senda default theme: optional enhancements. Every page works without this file.
   - registers the service worker (offline reading);
   - "Save for offline" on each language's home page;
   - "Show image (34 KB)": puts a large image in the page when the reader opens its box;
   - "Listen": plays the page's audio (a recording or synthesised speech) when it has one, or
     reads it with the browser's voice (Web Speech API) when there is one for its language;
   - "Exit this page" leaves with location.replace, so Back does not return here;
   - "Forget this site on this phone" (on the safety page) removes the offline copy, the
     service worker and the site's storage;
   - search results on the search page (the index is fetched only when someone searches). */
(function () {
  'use strict';
  var doc = document;
  var script = doc.currentScript;
  var root = script ? new URL('./', script.src).href : null;
  var web = location.protocol === 'http:' || location.protocol === 'https:';
  // The kiosk edition has no service worker (it runs from local files, with no network).
  var kiosk = doc.documentElement.hasAttribute('data-kiosk');

  function $(sel) { return doc.querySelector(sel); }
  function fill(text, values) {
    return text.replace(/%(\w+)%/g, function (m, k) { return k in values ? values[k] : m; });
  }

  // Offline reading. `registering` settles when the registration has (or has not) happened,
  // so "Forget this site" cannot run before it and be undone by it.
  var registering = Promise.resolve();
  if (web && root && !kiosk && 'serviceWorker' in navigator) {
    registering = navigator.serviceWorker.register(root + 'sw.js').catch(function () {});
  }

  // Save this language for offline use: its pages, and for each image the file this screen
  // shows (the narrowest as wide as the text column in device pixels); audio only when asked.
  var save = $('#save-offline');
  var saveAudio = $('#save-audio');
  function sizeOf(bytes) {
    var mb = bytes / 1048576;
    return mb >= 1 ? mb.toFixed(1) + ' MB' : Math.max(1, Math.round(bytes / 1024)) + ' KB';
  }
  if (save && web && 'serviceWorker' in navigator && window.MessageChannel) {
    fetch(save.getAttribute('data-href'), { cache: 'no-cache' }).then(function (r) { return r.json(); }).then(function (m) {
      var files = m.files.slice();
      var bytes = m.bytes;
      var want = Math.min(window.innerWidth, 640) * (window.devicePixelRatio || 1);
      (m.images || []).forEach(function (variants) {
        var pick = variants.filter(function (v) { return v[1] >= want; })[0] || variants[variants.length - 1];
        if (pick) { files.push(pick[0]); bytes += pick[2]; }
      });
      var label = save.querySelector('span');
      label.textContent = fill(save.getAttribute('data-label'), { SIZE: sizeOf(bytes) });
      save.hidden = false;
      function saveFiles(button, list, text) {
        button.disabled = true;
        navigator.serviceWorker.ready.then(function (reg) {
          var channel = new MessageChannel();
          channel.port1.onmessage = function (e) {
            var d = e.data;
            text.textContent = d.done < d.total
              ? fill(save.getAttribute('data-saving'), { DONE: d.done, TOTAL: d.total })
              : save.getAttribute(d.failed ? 'data-failed' : 'data-saved');
            if (d.done >= d.total) button.disabled = !d.failed;
          };
          reg.active.postMessage({ type: 'save', files: list }, [channel.port2]);
        });
      }
      save.addEventListener('click', function () { saveFiles(save, files, label); });
      var audio = m.audio || [];
      if (saveAudio && audio.length) {
        var audioBytes = audio.reduce(function (n, a) { return n + a[1]; }, 0);
        saveAudio.textContent = fill(saveAudio.getAttribute('data-label'), { SIZE: sizeOf(audioBytes) });
        saveAudio.hidden = false;
        saveAudio.addEventListener('click', function () {
          saveFiles(saveAudio, audio.map(function (a) { return a[0]; }), saveAudio);
        });
      }
    }).catch(function () {});
  }

  // Large images wait behind "Show image (34 KB)": their <picture> is in an inert <template>
  // (nothing in it is fetched) until the reader opens the box; then it takes the place of the
  // "Open the image" link that serves readers without this script.
  function showImage(box) {
    var t = box.querySelector('template');
    if (!box.open || !t || !t.content) return;
    var link = box.querySelector('.tap-open');
    box.replaceChild(t.content.cloneNode(true), t);
    if (link) link.parentNode.removeChild(link);
  }
  Array.prototype.forEach.call(doc.querySelectorAll('details.tap'), function (box) {
    box.addEventListener('toggle', function () { showImage(box); });
    showImage(box);
  });

  // Listen: the page's own audio when it has one.
  var listen = $('.listen');
  var content = $('.content');
  var player = $('.audio audio');
  if (listen && player) {
    var playLabel = listen.textContent;
    listen.hidden = false;
    listen.addEventListener('click', function () {
      if (player.paused) { player.play().catch(function () {}); } else { player.pause(); }
    });
    player.addEventListener('play', function () { listen.textContent = listen.getAttribute('data-stop'); });
    player.addEventListener('pause', function () { listen.textContent = playLabel; });
    player.addEventListener('ended', function () { listen.textContent = playLabel; });
  } else if (listen && content && 'speechSynthesis' in window) {
    var synth = window.speechSynthesis;
    var lang = (content.getAttribute('lang') || doc.documentElement.lang || '').toLowerCase();
    var base = lang.split('-')[0];
    var voice = null;
    var pick = function () {
      var voices = synth.getVoices();
      voice = voices.filter(function (v) { return v.lang.toLowerCase().replace('_', '-') === lang; })[0] ||
        voices.filter(function (v) { return v.lang.toLowerCase().split(/[-_]/)[0] === base; })[0] || null;
      listen.hidden = !voice;
    };
    pick();
    if (synth.addEventListener) synth.addEventListener('voiceschanged', pick);
    var label = listen.textContent;
    listen.addEventListener('click', function () {
      if (synth.speaking) { synth.cancel(); listen.textContent = label; return; }
      // One utterance per block: long utterances stop early in some browsers.
      var blocks = content.querySelectorAll('h2, h3, p, li, td');
      var parts = blocks.length ? Array.prototype.map.call(blocks, function (b) { return b.innerText; }) : [content.innerText];
      parts.forEach(function (text, i) {
        var u = new SpeechSynthesisUtterance(text);
        u.voice = voice;
        u.lang = voice ? voice.lang : lang;
        if (i === parts.length - 1) u.onend = function () { listen.textContent = label; };
        synth.speak(u);
      });
      listen.textContent = listen.getAttribute('data-stop');
    });
  }

  // Forget this site on this phone: the offline copy, the service worker and everything the
  // site stored, then say so. From file:// there is only storage to clear.
  var forget = $('#forget-site');
  var forgetStatus = $('#forget-status');
  if (forget) {
    forget.hidden = false;
    forget.addEventListener('click', function () {
      forget.disabled = true;
      if (forgetStatus) forgetStatus.textContent = forget.getAttribute('data-working');
      var sw = navigator.serviceWorker && navigator.serviceWorker.getRegistrations
        ? registering.then(function () { return navigator.serviceWorker.getRegistrations(); })
          .then(function (rs) {
            return Promise.all(rs.map(function (r) { return r.unregister(); }));
          }) : Promise.resolve();
      // After the worker is gone, so it cannot save a page again meanwhile.
      var cached = sw.then(function () {
        return window.caches ? caches.keys().then(function (keys) {
          return Promise.all(keys.map(function (k) { return caches.delete(k); }));
        }) : undefined;
      });
      // Then the host's Clear-Site-Data answer deletes what script cannot reach: the browser's
      // HTTP cache of the pages (a host without it still gets the rest).
      var host = Promise.all([sw, cached]).then(function () {
        return window.fetch && root ? fetch(root + 'forget.txt', { cache: 'no-store' }).catch(function () {}) : undefined;
      });
      Promise.all([sw, cached, host]).then(function () {
        try { localStorage.clear(); } catch (e) {}
        try { sessionStorage.clear(); } catch (e) {}
        return 'data-done';
      }, function () { return 'data-failed'; }).then(function (which) {
        if (forgetStatus) forgetStatus.textContent = forget.getAttribute(which);
        forget.disabled = false;
      });
    });
  }

  // Exit this page: replace this page in the history, so Back does not come back.
  var exit = $('[data-quick-exit]');
  if (exit) {
    exit.addEventListener('click', function (e) {
      e.preventDefault();
      doc.body.hidden = true;
      location.replace(exit.href);
    });
  }

  // Search.
  function fold(s) {
    // Keep in step with fold() in src/search.rs.
    return s.normalize('NFD')
      .replace(/[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g, '')
      .replace(/\u0649/g, '\u064a').replace(/\u0629/g, '\u0647').replace(/\u0621/g, '')
      .toLowerCase();
  }
  function terms(s) {
    // An Arabic word with the article is looked up without it (the index has both forms).
    return (s.match(/[\p{L}\p{N}]+/gu) || []).map(fold).filter(function (w) { return w.length >= 2; })
      .map(function (w) { return w.indexOf('\u0627\u0644') === 0 && w.length >= 4 ? w.slice(2) : w; });
  }
  var results = $('#search-results');
  var query = new URLSearchParams(location.search).get('q');
  var box = $('#search-page-q');
  if (box && query) box.value = query;
  if (results && query && query.trim()) {
    var words = terms(query);
    fetch(results.getAttribute('data-href')).then(function (r) { return r.json(); }).then(function (index) {
      var keys = Object.keys(index.terms);
      var score = {};
      var first = true;
      words.forEach(function (w) {
        var found = {};
        keys.forEach(function (k) {
          var exact = k === w;
          if (!exact && !(w.length >= 3 && k.indexOf(w) === 0)) return;
          var p = index.terms[k];
          for (var i = 0; i < p.length; i += 2) {
            found[p[i]] = Math.max(found[p[i]] || 0, p[i + 1] * (exact ? 2 : 1));
          }
        });
        // Every word must match.
        var next = {};
        Object.keys(found).forEach(function (id) {
          if (first || id in score) next[id] = (score[id] || 0) + found[id];
        });
        score = next;
        first = false;
      });
      var all = Object.keys(score).sort(function (a, b) { return score[b] - score[a] || a - b; });
      var ids = all.slice(0, 30);
      var category = new Intl.PluralRules(doc.documentElement.lang).select(all.length);
      var heading = results.getAttribute('data-' + category) || results.getAttribute('data-other');
      var sample = results.getAttribute('data-sample-' + category) || results.getAttribute('data-sample-other');
      var h = doc.createElement('h2');
      var text = fill(heading, { Q: query });
      var marked = '\u2068' + sample + '\u2069';
      h.textContent = all.length
        ? (text.indexOf(marked) >= 0 ? text.replace(marked, String(all.length)) : text.replace(sample, String(all.length)))
        : fill(results.getAttribute('data-none'), { Q: query });
      results.appendChild(h);
      var list = doc.createElement('ul');
      list.className = 'cards';
      ids.forEach(function (id) {
        var page = index.pages[id];
        var li = doc.createElement('li');
        var a = doc.createElement('a');
        a.href = '../' + page[2] + 'index.html';
        a.textContent = page[0];
        li.appendChild(a);
        if (page[1]) { var p = doc.createElement('p'); p.textContent = page[1]; li.appendChild(p); }
        list.appendChild(li);
      });
      results.appendChild(list);
      results.hidden = false;
      h.tabIndex = -1;
      h.focus();
    }).catch(function () {});
  }
})();
