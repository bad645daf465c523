// senda's additions to Decap CMS, served from admin/ beside the bundle (written by senda).
// Loaded before decap-cms.js: it asks Decap to wait, registers what senda needs, then starts it.
// - "senda-date": a plain date field (YYYY-MM-DD, as senda reads it); with `ahead_days`, a new
//   page gets that date ahead of today (review_by: a year ahead, as `senda new` does).
// - "senda-source-hash" and a preSave handler: a translation records the hash of the source's
//   text it was made from (the same hash as `senda new --lang`), so `senda check` and `status`
//   can tell when the source changes; a button records the current source again (`--refresh`).
// - The preview uses the theme's stylesheet and the page's structure, in the page's direction.
'use strict';
window.CMS_MANUAL_INIT = true;

(function () {
  function settings() {
    const el = document.getElementById('senda-settings');
    try {
      return el ? JSON.parse(el.textContent) : {};
    } catch (e) {
      return {};
    }
  }

  // FNV-1a, 64 bits, of the UTF-8 text; the top 40 bits in hex (src/assets.rs content_hash).
  function contentHash(text) {
    let h = 0xcbf29ce484222325n;
    for (const b of new TextEncoder().encode(text)) {
      h ^= BigInt(b);
      h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
    }
    return (h >> 24n).toString(16).padStart(10, '0');
  }
  // src/content.rs source_hash: of the body, without the white space around it.
  function sourceHash(body) {
    return contentHash(String(body || '').replace(/^[\s\uFEFF]+|[\s\uFEFF]+$/g, ''));
  }

  const REFRESH = 'refresh';

  function isoDate(d) {
    return d.toISOString().slice(0, 10);
  }
  function daysAhead(days) {
    const d = new Date();
    d.setUTCDate(d.getUTCDate() + days);
    return isoDate(d);
  }
  function asDate(value) {
    if (!value) return '';
    if (value instanceof Date) return isoDate(value);
    return String(value).slice(0, 10);
  }

  function start() {
    const CMS = window.CMS;
    const h = window.h;
    const createClass = window.createClass;
    const s = settings();
    const languages = s.languages || {};

    const DateControl = createClass({
      componentDidMount() {
        const { value, field, onChange, entry } = this.props;
        const ahead = field.get('ahead_days');
        if (!value && ahead && entry && entry.get('newRecord')) onChange(daysAhead(ahead));
      },
      render() {
        const { value, onChange, forID, classNameWrapper, setActiveStyle, setInactiveStyle } = this.props;
        return h('input', {
          type: 'date',
          id: forID,
          className: classNameWrapper,
          value: asDate(value),
          onChange: (e) => onChange(e.target.value || null),
          onFocus: setActiveStyle,
          onBlur: setInactiveStyle,
        });
      },
    });
    const DatePreview = createClass({
      render() {
        return h('time', {}, asDate(this.props.value));
      },
    });
    CMS.registerWidget('senda-date', DateControl, DatePreview);

    // Shows what a translation recorded; the hash itself is written when saving (below), from
    // the source as it is saved. REFRESH asks for the current source to be recorded.
    const HashControl = createClass({
      render() {
        const { value, forID, classNameWrapper, onChange, locale, entry } = this.props;
        if (!locale || locale === s.default_locale) {
          return h('p', { id: forID, className: classNameWrapper }, 'Only translations record a source (this is the source).');
        }
        if (!value || value === REFRESH) {
          return h('p', { id: forID, className: classNameWrapper }, 'The source will be recorded when you save.');
        }
        const now = sourceHash(entry ? entry.getIn(['data', 'body']) : '');
        if (value === now) {
          return h('p', { id: forID, className: classNameWrapper }, 'Up to date with the source (' + value + ').');
        }
        return h('div', { id: forID, className: classNameWrapper },
          h('p', {}, 'The source has changed since this translation was made (recorded ' + value + ', now ' + now + ').'),
          h('button', { type: 'button', onClick: () => onChange(REFRESH) }, 'This translation is up to date with the source'));
      },
    });
    CMS.registerWidget('senda-source-hash', HashControl, createClass({ render() { return null; } }));

    // When a page is saved: each translation records the source's hash if it is new, has none,
    // or was marked up to date; a language left empty is not written at all (Decap would write
    // a file with only the copied fields); the source itself records nothing.
    CMS.registerEventListener({
      name: 'preSave',
      handler: (event) => {
        let entry = event.entry;
        if (!(s.collections || []).includes(entry.get('collection')) || !entry.get('i18n')) return undefined;
        const hash = sourceHash(entry.getIn(['data', 'body']));
        const isNew = Boolean(entry.get('newRecord'));
        for (const locale of entry.get('i18n').keys()) {
          if (locale === s.default_locale) continue;
          const path = ['i18n', locale, 'data'];
          const data = entry.getIn(path);
          if (!data) continue;
          const empty = (k) => !String(data.get(k) || '').trim();
          if (empty('title') && empty('body')) {
            entry = entry.deleteIn(['i18n', locale]);
            continue;
          }
          const recorded = data.get('source_hash');
          if (isNew || !recorded || recorded === REFRESH) entry = entry.setIn([...path, 'source_hash'], hash);
        }
        entry = entry.deleteIn(['data', 'source_hash']);
        // Decap keeps the entry of a handler that returns nothing: so the translations change too.
        event.entry = entry;
        return undefined;
      },
    });

    // The preview: the theme's page structure and stylesheet.
    const Page = createClass({
      render() {
        const { entry, widgetFor, locale } = this.props;
        const data = entry.get('data');
        const get = (k) => (data && data.get(k)) || '';
        const code = locale || s.default_locale;
        const dir = (languages[code] && languages[code].dir) || 'ltr';
        const tags = data && data.get('tags');
        return h('div', { lang: code, dir: dir },
          h('main', { id: 'main' },
            h('article', {},
              h('h1', {}, get('title')),
              get('description') ? h('p', { className: 'meta' }, get('description')) : null,
              h('div', { className: 'content', lang: code, dir: dir }, widgetFor('body')),
              tags && tags.size ? h('p', { className: 'tags' }, tags.join(', ')) : null)));
      },
    });
    for (const name of s.collections || []) CMS.registerPreviewTemplate(name, Page);
    if (s.style) CMS.registerPreviewStyle(s.style);
    CMS.init();
  }

  // decap-cms.js comes right after this file; it is loaded when the document is.
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    window.setTimeout(start, 0);
  }
})();
