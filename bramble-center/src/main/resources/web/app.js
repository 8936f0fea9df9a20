// Shared by every dashboard page: boot data, API calls with the CSRF token, the header, the live
// stream with reconnection, metric definitions and formatting. Pages build the DOM with h() and
// textContent only, so nothing a node reports can inject markup.
'use strict';

const BOOT = JSON.parse(document.getElementById('boot').textContent || '{}');
// the center's clock may differ from the browser's; every "ago" and every chart range uses the center's
const CLOCK_OFFSET = BOOT.now ? Date.parse(BOOT.now) - Date.now() : 0;
const ROLES = ['viewer', 'operator', 'admin'];

const B = {
  boot: BOOT,
  now: () => Date.now() + CLOCK_OFFSET,
  canEdit: () => ROLES.indexOf(BOOT.role) >= 1,

  h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'style') Object.assign(el.style, v);
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
    return el;
  },

  async api(method, path, body) {
    const opts = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
    if (body !== undefined) { opts.headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
    if (method !== 'GET' && BOOT.csrfToken) opts.headers['X-CSRF-Token'] = BOOT.csrfToken;
    const r = await fetch(path, opts);
    if (r.status === 401 && path !== '/api/v1/session') { B.toLogin(); throw new Error('your session has ended; log in again'); }
    const text = await r.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
    if (!r.ok) {
      const err = new Error((data && data.error && data.error.message) || (r.status + ' ' + r.statusText));
      err.status = r.status; err.code = data && data.error && data.error.code;
      throw err;
    }
    return data;
  },

  toLogin() { location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search); },

  toast(message, ok) {
    document.querySelectorAll('.toast').forEach(t => t.remove());
    const t = B.h('div', { class: 'toast' + (ok ? ' ok' : ''), role: 'status', text: message });
    document.body.append(t);
    setTimeout(() => t.remove(), ok ? 2500 : 6000);
  },

  /**
   * Asks before something that cannot be taken back (power off, retire): a modal dialog, since the
   * CSP forbids nothing here but window.confirm cannot be styled or labelled. Resolves true on confirm.
   */
  confirm(title, text, okLabel) {
    return new Promise(resolve => {
      const dlg = B.h('dialog', { class: 'confirm', id: 'confirm-dialog', 'aria-labelledby': 'confirm-title' });
      const done = ok => { dlg.close(); dlg.remove(); resolve(ok); };
      dlg.append(B.h('h2', { id: 'confirm-title', text: title }), B.h('p', { text: text }),
        B.h('div', { class: 'actions' },
          B.h('button', { type: 'button', id: 'confirm-cancel', onclick: () => done(false) }, 'Cancel'),
          B.h('button', { type: 'button', class: 'danger', id: 'confirm-ok', onclick: () => done(true) }, okLabel || 'Confirm')));
      dlg.addEventListener('cancel', e => { e.preventDefault(); done(false); });
      document.body.append(dlg);
      dlg.showModal();
      dlg.querySelector('#confirm-cancel').focus();
    });
  },

  header(active) {
    const conn = B.h('span', { class: 'conn', id: 'conn', text: 'connecting…' });
    const logout = B.h('button', { id: 'logout', onclick: async () => {
      try { await B.api('DELETE', '/api/v1/session'); } catch (e) { /* already gone: the login page is still right */ }
      location.href = '/login';
    } }, 'Log out');
    const top = B.h('header', { class: 'top' },
      B.h('a', { class: 'brand', href: '/' }, B.h('i'), 'Bramble'),
      B.h('nav', {},
        B.h('a', { href: '/', class: active === 'fleet' ? 'on' : null }, 'Fleet'),
        B.h('a', { href: '/events', class: active === 'events' ? 'on' : null }, 'Events'),
        B.h('a', { href: '/provisioning', class: active === 'provisioning' ? 'on' : null }, 'Provisioning')),
      B.h('span', { class: 'spacer' }),
      conn,
      B.h('span', { class: 'who', id: 'who' }, BOOT.user || '', B.h('span', { class: 'role', id: 'role', text: BOOT.role || '' })),
      logout);
    document.body.dataset.role = BOOT.role || 'viewer';
    document.body.prepend(top);
  },

  /**
   * Opens the live stream and keeps it open: the browser retries a dropped connection by itself;
   * if it gives up (the center answered with an error while restarting) we retry with back-off,
   * and every time the stream opens {@code resync(first)} reloads what may have been missed.
   */
  stream(handlers, resync) {
    let es = null, delay = 1000, opened = false;
    const conn = () => document.getElementById('conn');
    const show = (cls, text) => { const c = conn(); if (c) { c.className = 'conn ' + cls; c.textContent = text; } };
    const open = () => {
      es = new EventSource('/api/v1/stream');
      es.addEventListener('open', () => {
        show('live', 'live');
        delay = 1000;
        // whatever changed before the stream was open is not coming as an event: read it once more
        if (resync) resync(!opened);
        opened = true;
      });
      for (const [type, fn] of Object.entries(handlers))
        es.addEventListener(type, e => { try { fn(JSON.parse(e.data)); } catch (err) { console.error(type, err); } });
      es.addEventListener('error', () => {
        show('reconnecting', 'reconnecting…');
        if (es.readyState === EventSource.CLOSED) {
          es.close();
          setTimeout(retry, delay);
          delay = Math.min(delay * 2, 10000);
        }
      });
    };
    const retry = async () => {
      try {
        const r = await fetch('/api/v1/me', { headers: { Accept: 'application/json' } });
        if (r.status === 401) { B.toLogin(); return; }
      } catch (e) { /* center still away; EventSource will fail again and we come back here */ }
      open();
    };
    open();
    window.addEventListener('beforeunload', () => es && es.close());
  },

  // ---- figures ------------------------------------------------------------------------------

  memPct: m => m && m.memTotalBytes ? 100 * (m.memTotalBytes - m.memAvailableBytes) / m.memTotalBytes : null,
  diskPct: m => m && m.diskTotalBytes ? 100 * m.diskUsedBytes / m.diskTotalBytes : null,

  /** 0 none, 1 happened since boot, 2 throttled or capped now, 3 under-voltage now. */
  throttleLevel(m) {
    const t = m && m.throttled;
    if (!t) return null;
    if (t.underVoltage) return 3;
    if (t.throttled || t.freqCapped || t.softTempLimit) return 2;
    if (t.underVoltageOccurred || t.throttledOccurred || t.freqCappedOccurred || t.softTempLimitOccurred) return 1;
    return 0;
  },

  bytes(n) {
    if (n === null || n === undefined) return '—';
    const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0, v = n;
    while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
    return (v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(1)) + ' ' + u[i];
  },

  num: (v, digits, unit) => v === null || v === undefined ? '—' : v.toFixed(digits) + (unit || ''),

  ago(iso) {
    if (!iso) return 'never';
    const s = Math.max(0, Math.round((B.now() - Date.parse(iso)) / 1000));
    if (s < 60) return s + ' s ago';
    if (s < 3600) return Math.floor(s / 60) + ' min ago';
    if (s < 86400) return Math.floor(s / 3600) + ' h ago';
    return Math.floor(s / 86400) + ' d ago';
  },

  time(iso) {
    const d = new Date(iso);
    return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  },

  location(l) { return l && l.rack ? l.rack + ' · row ' + l.row + ' · slot ' + l.slot : 'not placed'; },

  /** A sequential scale from cool to hot. */
  heat(t) {
    const stops = [[0, [38, 84, 124]], [0.3, [36, 138, 128]], [0.55, [120, 170, 70]], [0.72, [226, 190, 70]], [0.86, [236, 133, 58]], [1, [214, 52, 52]]];
    t = Math.max(0, Math.min(1, t));
    for (let i = 1; i < stops.length; i++) {
      if (t <= stops[i][0]) {
        const [t0, a] = stops[i - 1], [t1, b] = stops[i];
        const f = (t - t0) / (t1 - t0);
        return 'rgb(' + a.map((x, j) => Math.round(x + (b[j] - x) * f)).join(',') + ')';
      }
    }
    return 'rgb(214,52,52)';
  },

  /** Dark text on light heat colours, light text on dark ones. */
  ink(rgb) {
    const [r, g, b] = rgb.match(/\d+/g).map(Number);
    return (0.299 * r + 0.587 * g + 0.114 * b) > 150 ? '#10161c' : '#f1f5f8';
  },
};

/** The heatmap metrics: how to read each from a node's metrics, its scale and how to print it. */
B.METRICS = {
  load: { label: 'Load (1 min)', min: 0, max: 4, unit: '', read: m => m && m.load1, fmt: v => v.toFixed(2),
    note: '0 – 4 (all four cores busy)' },
  cpu: { label: 'CPU %', min: 0, max: 100, read: m => m && m.cpuPercent, fmt: v => v.toFixed(0) + ' %' },
  memory: { label: 'Memory used %', min: 0, max: 100, read: B.memPct, fmt: v => v.toFixed(0) + ' %' },
  disk: { label: 'Disk used %', min: 0, max: 100, read: B.diskPct, fmt: v => v.toFixed(0) + ' %' },
  temperature: { label: 'Temperature', min: 30, max: BOOT.hotCelsius || 80, read: m => m && m.tempCelsius, fmt: v => v.toFixed(1) + ' °C' },
  throttling: { label: 'Throttling', categories: [
    { label: 'none', colour: 'rgb(36,138,128)', text: 'ok' },
    { label: 'since boot', colour: 'rgb(226,190,70)', text: 'earlier' },
    { label: 'throttled now', colour: 'rgb(236,133,58)', text: 'throttled' },
    { label: 'under-voltage now', colour: 'rgb(214,52,52)', text: 'under-volt' }], read: B.throttleLevel },
};

/** The colour and text for a node under a metric, or nulls when the node does not report it. */
B.metricOf = (key, node) => {
  const def = B.METRICS[key];
  const v = def.read(node.metrics);
  if (v === null || v === undefined || Number.isNaN(v)) return { value: null, colour: null, text: '—' };
  if (def.categories) { const c = def.categories[v]; return { value: v, colour: c.colour, text: c.text }; }
  return { value: v, colour: B.heat((v - def.min) / (def.max - def.min)), text: def.fmt(v) };
};

window.B = B;
