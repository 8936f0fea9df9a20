// The fleet page: overview, rack heatmap (racks → rows → slots, with a tray for unplaced nodes),
// a sortable table, search and filters; all kept live from the SSE stream.
'use strict';
(function () {
  const { h } = B;
  const nodes = new Map(); // id → node as the API shows it
  const ui = {
    metric: localStorage.getItem('bramble.metric') || 'load',
    view: localStorage.getItem('bramble.view') || 'rack',
    sort: { key: 'name', desc: false },
  };
  if (!B.METRICS[ui.metric]) ui.metric = 'load';
  const $ = id => document.getElementById(id);
  const racks = B.boot.racks || [];

  B.header('fleet');

  // ---- filters ------------------------------------------------------------------------------

  // read once per change of the controls, not once per tile
  let filter = { state: '', role: '', terms: [] };
  function readFilter() {
    const q = $('search').value.trim().toLowerCase();
    filter = { state: $('state-filter').value, role: $('role-filter').value, terms: q ? q.split(/\s+/) : [] };
  }

  function matches(n) {
    const { state, role, terms } = filter;
    if (state && n.state !== state) return false;
    if (role && !(n.roles || []).includes(role)) return false;
    if (!terms.length) return true;
    const labels = Object.entries(n.labels || {}).map(([k, v]) => [k.toLowerCase(), String(v).toLowerCase()]);
    return terms.every(term => {
      const eq = term.indexOf('=');
      if (eq > 0) {
        const k = term.slice(0, eq), v = term.slice(eq + 1);
        return labels.some(([lk, lv]) => lk === k && lv.includes(v));
      }
      return n.name.includes(term) || (n.roles || []).some(r => r.includes(term)) || labels.some(([k, v]) => k.includes(term) || v.includes(term));
    });
  }

  // ---- tiles --------------------------------------------------------------------------------

  function tooltip(n) {
    const m = n.metrics || {};
    return [n.name + ' — ' + n.state + (n.simulated ? ' (simulated)' : ''), B.location(n.location),
      'load ' + B.num(m.load1, 2) + ' · CPU ' + B.num(m.cpuPercent, 0, ' %') + ' · mem ' + B.num(B.memPct(m), 0, ' %')
        + ' · disk ' + B.num(B.diskPct(m), 0, ' %') + ' · ' + B.num(m.tempCelsius, 1, ' °C'),
      'last seen ' + B.ago(n.lastSeen)].join('\n');
  }

  function tile(n) {
    const mv = B.metricOf(ui.metric, n);
    const el = h('div', {
      class: 'tile st-' + n.state + (n.simulated ? ' sim' : '') + (n.located ? ' located' : '') + (matches(n) ? '' : ' dim'),
      'data-node': n.name, 'data-id': n.id, 'data-state': n.state, 'data-metric-value': mv.value === null ? '' : String(mv.value),
      title: tooltip(n), tabindex: '0', role: 'link', draggable: B.canEdit() ? 'true' : null,
      onclick: () => { location.href = '/nodes/' + encodeURIComponent(n.name); },
      onkeydown: e => { if (e.key === 'Enter') location.href = '/nodes/' + encodeURIComponent(n.name); },
      ondragstart: e => { e.dataTransfer.setData('text/plain', n.name); e.dataTransfer.effectAllowed = 'move'; },
    },
    h('div', { class: 'name', text: n.name }),
    h('div', { class: 'value', text: mv.text }),
    h('div', { class: 'foot' }, h('span', { class: 'st', text: n.state }),
      h('span', { text: n.location && n.location.rack ? 'r' + n.location.row + '·s' + n.location.slot : '' })),
    n.simulated ? h('span', { class: 'sim-badge', title: 'simulated node', text: 'SIM' }) : null);
    if (mv.colour) { el.style.setProperty('--heat', mv.colour); el.style.setProperty('--ink', B.ink(mv.colour)); }
    return el;
  }

  function dropTarget(el, location) {
    if (!B.canEdit()) return el;
    el.addEventListener('dragover', e => { e.preventDefault(); el.classList.add('drop-ok'); });
    el.addEventListener('dragleave', () => el.classList.remove('drop-ok'));
    el.addEventListener('drop', e => {
      e.preventDefault();
      el.classList.remove('drop-ok');
      const name = e.dataTransfer.getData('text/plain');
      if (name) place(name, location);
    });
    return el;
  }

  async function place(name, location) {
    try {
      const updated = await B.api('PATCH', '/api/v1/nodes/' + encodeURIComponent(name), { location });
      nodes.set(updated.id, updated);
      render();
      B.toast(location.rack ? name + ' placed in ' + B.location(location) : name + ' moved to the tray', true);
    } catch (e) {
      B.toast('Cannot move ' + name + ': ' + e.message);
    }
  }

  // ---- rack view ----------------------------------------------------------------------------

  function inLayout(l) {
    if (!l || !l.rack) return false;
    const r = racks.find(x => x.name === l.rack);
    return !!r && l.row <= r.rows && l.slot <= r.slots;
  }

  function renderRack() {
    const bySlot = new Map();
    for (const n of nodes.values()) if (inLayout(n.location)) bySlot.set(n.location.rack + '|' + n.location.row + '|' + n.location.slot, n);
    const root = $('rack-view');
    const out = [];
    for (const r of racks) {
      const rows = [];
      for (let row = 1; row <= r.rows; row++) {
        const slots = h('div', { class: 'slots', style: { gridTemplateColumns: 'repeat(' + r.slots + ', minmax(92px, 1fr))' } });
        for (let slot = 1; slot <= r.slots; slot++) {
          const n = bySlot.get(r.name + '|' + row + '|' + slot);
          slots.append(n ? tile(n) : dropTarget(h('div', { class: 'slot-empty', 'data-slot': r.name + '/' + row + '/' + slot,
            title: 'empty: ' + r.name + ' row ' + row + ' slot ' + slot, text: 'slot ' + slot }), { rack: r.name, row, slot }));
        }
        const power = rowPower(r.name, row);
        rows.push(h('div', { class: 'rackrow', 'data-row': String(row) }, h('div', { class: 'rowlabel', text: 'Row ' + row }), slots, power));
      }
      out.push(h('section', { class: 'rack panel', 'data-rack': r.name },
        h('h2', {}, r.name, h('span', { class: 'muted', text: r.rows + ' rows × ' + r.slots + ' slots' })), rows));
    }
    const unplaced = [...nodes.values()].filter(n => !inLayout(n.location)).sort((a, b) => a.name.localeCompare(b.name));
    const trayTiles = dropTarget(h('div', { class: 'tiles', id: 'tray-tiles' }, unplaced.map(tile)), {});
    if (!unplaced.length) trayTiles.append(h('span', { class: 'muted', text: 'Every node has a place in the rack.' }));
    out.push(h('section', { class: 'tray panel', id: 'tray' },
      h('h2', {}, 'Tray ', h('span', { class: 'muted', text: '· nodes without a place' + (B.canEdit() ? ' — drag one onto an empty slot' : '') })),
      trayTiles, placeForm(unplaced)));
    root.replaceChildren(...out);
  }

  // ---- row power ----------------------------------------------------------------------------

  let power = null; // GET /api/v1/power, or null before it is read or when it cannot be

  /**
   * A row's power: what its nodes' meters read now, outlet meters and Pi 5 PMICs (or, with no meter, the
   * estimate from their models' maximum draw) against the rating of the PSUs that feed them; outlined red when a PSU is
   * over-subscribed or overloaded.
   */
  function rowFigures(rack, row) {
    if (!power) return null;
    const names = new Set([...nodes.values()].filter(n => n.location && n.location.rack === rack && n.location.row === row).map(n => n.name));
    const outlets = power.outlets.filter(o => names.has(o.node));
    const psus = power.psus.filter(p => p.nodes.some(n => names.has(n)));
    const metered = outlets.filter(o => o.watts !== null && o.watts !== undefined);
    // a Pi 5 measures its own draw (PMIC); count it where no outlet meter already covers that node
    const meteredNames = new Set(metered.map(o => o.node));
    const self = [...nodes.values()].filter(n => names.has(n.name) && !meteredNames.has(n.name)
      && n.metrics && n.metrics.powerWatts !== null && n.metrics.powerWatts !== undefined);
    if (!outlets.length && !psus.length && !self.length) return null;
    const measuredCount = metered.length + self.length;
    const measured = measuredCount ? metered.reduce((a, o) => a + o.watts, 0) + self.reduce((a, n) => a + n.metrics.powerWatts, 0) : null;
    const estimated = outlets.reduce((a, o) => a + o.maxWatts, 0);
    const capacity = psus.reduce((a, p) => a + p.capacityWatts, 0);
    const warnings = psus.map(p => p.warning).filter(Boolean);
    return { measured, estimated, capacity, psus, warnings, metered: measuredCount, outlets: outlets.length };
  }

  function rowPower(rack, row) {
    const f = rowFigures(rack, row);
    // the box links to the row's page: its power over time and the Pis in it
    const attrs = { class: 'row-power', 'data-rack': rack, 'data-row': String(row), title: 'power of this row',
      href: '/rows/' + encodeURIComponent(rack) + '/' + row };
    if (!f) return h('a', attrs, h('span', { class: 'figure', text: '—' }), h('span', { text: 'power' }));
    const watts = f.measured !== null ? f.measured : f.estimated;
    const over = f.warnings.length > 0;
    attrs.class += over ? ' over' : '';
    attrs['data-watts'] = String(watts);
    attrs['data-capacity'] = String(f.capacity);
    attrs.title = [f.measured !== null ? 'measured now: ' + f.measured.toFixed(1) + ' W (' + f.metered + ' meter' + (f.metered === 1 ? '' : 's') + ': outlet meters and Pi 5 PMICs)'
      : 'no meter: ' + f.estimated.toFixed(1) + ' W is the estimate from the Pi models\' maximum draw',
    'worst case: ' + f.estimated.toFixed(1) + ' W',
    f.psus.length ? 'PSU ' + f.psus.map(p => p.name + ' rated ' + p.capacityWatts + ' W, up to ' + p.estimatedWatts + ' W (' + p.estimatedPercent + ' %)').join('; ') : 'no PSU in power.psus feeds this row']
      .concat(f.warnings).join('\n');
    return h('a', attrs,
      h('span', { class: 'figure', text: (f.measured === null ? '~' : '') + watts.toFixed(watts >= 100 ? 0 : 1) + ' W' }),
      h('span', { class: 'budget', text: f.capacity ? 'of ' + f.capacity.toFixed(0) + ' W' + (over ? ' ⚠' : '') : (f.measured === null ? 'estimated' : 'measured') }));
  }

  function renderPower() {
    document.querySelectorAll('.row-power').forEach(el => el.replaceWith(rowPower(el.dataset.rack, Number(el.dataset.row))));
  }

  async function loadPower() {
    try {
      power = await B.api('GET', '/api/v1/power');
    } catch (e) {
      power = null; // the row figures stay blank; the rest of the page does not depend on power
    }
    renderPower();
  }

  let powerDue = false;
  function schedulePower() {
    if (powerDue) return;
    powerDue = true;
    setTimeout(() => { powerDue = false; loadPower(); }, 500);
  }

  function placeForm(unplaced) {
    if (!B.canEdit() || !unplaced.length || !racks.length) return null;
    const node = h('select', { id: 'place-node', 'aria-label': 'Node to place' }, unplaced.map(n => h('option', { value: n.name, text: n.name })));
    const rack = h('select', { id: 'place-rack', 'aria-label': 'Rack' }, racks.map(r => h('option', { value: r.name, text: r.name })));
    const row = h('input', { id: 'place-row', type: 'number', min: '1', value: '1', style: { width: '70px' }, 'aria-label': 'Row' });
    const slot = h('input', { id: 'place-slot', type: 'number', min: '1', value: '1', style: { width: '70px' }, 'aria-label': 'Slot' });
    return h('form', { class: 'op-only', id: 'place-form', onsubmit: e => {
      e.preventDefault();
      place(node.value, { rack: rack.value, row: Number(row.value), slot: Number(slot.value) });
    } }, 'Place', node, 'in', rack, 'row', row, 'slot', slot, h('button', { type: 'submit', class: 'primary' }, 'Place'));
  }

  // ---- table view ---------------------------------------------------------------------------

  const COLUMNS = [
    { key: 'name', label: 'Name', get: n => n.name },
    { key: 'state', label: 'State', get: n => ['down', 'stale', 'degraded', 'off', 'up'].indexOf(n.state),
      cell: n => h('span', { class: 'state st-' + n.state, text: n.state }) },
    { key: 'location', label: 'Location', get: n => n.location && n.location.rack ? n.location.rack + '|' + String(n.location.row).padStart(2, '0') + '|' + String(n.location.slot).padStart(2, '0') : null,
      cell: n => n.location && n.location.rack ? n.location.rack + ' r' + n.location.row + ' s' + n.location.slot : '—' },
    { key: 'roles', label: 'Roles', get: n => (n.roles || []).join(','), cell: n => (n.roles || []).map(r => h('span', { class: 'chip', text: r })) },
    { key: 'labels', label: 'Labels', get: n => Object.entries(n.labels || {}).map(e => e.join('=')).join(','),
      cell: n => Object.entries(n.labels || {}).map(([k, v]) => h('span', { class: 'chip', text: k + '=' + v })) },
    { key: 'load', label: 'Load', num: true, get: n => B.METRICS.load.read(n.metrics), fmt: v => v.toFixed(2) },
    { key: 'cpu', label: 'CPU', num: true, get: n => B.METRICS.cpu.read(n.metrics), fmt: v => v.toFixed(0) + ' %' },
    { key: 'memory', label: 'Memory', num: true, get: n => B.memPct(n.metrics), fmt: v => v.toFixed(0) + ' %' },
    { key: 'disk', label: 'Disk', num: true, get: n => B.diskPct(n.metrics), fmt: v => v.toFixed(0) + ' %' },
    { key: 'temperature', label: 'Temp', num: true, get: n => B.METRICS.temperature.read(n.metrics), fmt: v => v.toFixed(1) + ' °C' },
    { key: 'throttling', label: 'Throttling', get: n => B.throttleLevel(n.metrics),
      cell: n => { const l = B.throttleLevel(n.metrics); return l === null ? '—' : B.METRICS.throttling.categories[l].label; } },
    { key: 'lastSeen', label: 'Last seen', get: n => n.lastSeen ? Date.parse(n.lastSeen) : null, cell: n => B.ago(n.lastSeen) },
  ];

  function renderTable() {
    const col = COLUMNS.find(c => c.key === ui.sort.key) || COLUMNS[0];
    const dir = ui.sort.desc ? -1 : 1;
    const list = [...nodes.values()].filter(matches).sort((a, b) => {
      const x = col.get(a), y = col.get(b);
      if (x === null || x === undefined) return (y === null || y === undefined) ? a.name.localeCompare(b.name) : 1;
      if (y === null || y === undefined) return -1;
      return (x < y ? -1 : x > y ? 1 : a.name.localeCompare(b.name)) * dir;
    });
    const head = h('tr', {}, COLUMNS.map(c => h('th', {
      class: (c.num ? 'num ' : '') + (c.key === ui.sort.key ? 'sorted' + (ui.sort.desc ? ' desc' : '') : ''), 'data-key': c.key,
      onclick: () => { ui.sort = { key: c.key, desc: ui.sort.key === c.key ? !ui.sort.desc : !!c.num }; renderTable(); },
    }, c.label)));
    const body = list.map(n => h('tr', { 'data-node': n.name, class: 'st-' + n.state }, COLUMNS.map(c => {
      if (c.key === 'name') return h('td', {}, h('a', { href: '/nodes/' + encodeURIComponent(n.name), text: n.name }),
        n.simulated ? h('span', { class: 'badge', style: { marginLeft: '6px' }, text: 'sim' }) : null);
      if (c.cell) return h('td', {}, c.cell(n));
      const v = c.get(n);
      return h('td', { class: c.num ? 'num' : '', text: v === null || v === undefined ? '—' : c.fmt(v) });
    })));
    $('table-view').replaceChildren(h('table', { class: 'grid', id: 'node-table' }, h('thead', {}, head), h('tbody', {}, body)));
  }

  // ---- overview -----------------------------------------------------------------------------

  function renderOverview() {
    const all = [...nodes.values()];
    const counts = { up: 0, degraded: 0, stale: 0, down: 0, off: 0 };
    for (const n of all) counts[n.state] = (counts[n.state] || 0) + 1;
    $('counts').replaceChildren(
      h('div', { class: 'count', 'data-state': '', onclick: () => { $('state-filter').value = ''; refilter(); } },
        h('b', { text: String(all.length) }), h('span', { text: 'nodes' })),
      ...Object.entries(counts).map(([s, c]) => h('div', { class: 'count st-' + s, 'data-state': s,
        onclick: () => { $('state-filter').value = $('state-filter').value === s ? '' : s; refilter(); } },
      h('b', { text: String(c) }), h('span', { text: s }))));
    const live = all.filter(n => n.state !== 'down' && n.state !== 'off' && n.metrics);
    const top = (get, fmt) => live.filter(n => get(n) !== null && get(n) !== undefined).sort((a, b) => get(b) - get(a)).slice(0, 3)
      .map(n => h('li', {}, h('a', { href: '/nodes/' + encodeURIComponent(n.name), text: n.name }), h('span', { text: fmt(get(n)) })));
    const none = text => [h('li', { class: 'muted', text })];
    const hot = top(n => n.metrics.tempCelsius, v => v.toFixed(1) + ' °C');
    const loaded = top(n => n.metrics.load1, v => v.toFixed(2));
    $('hottest').replaceChildren(...(hot.length ? hot : none('no temperatures yet')));
    $('loaded').replaceChildren(...(loaded.length ? loaded : none('no load figures yet')));
    const uv = all.filter(n => n.metrics && n.metrics.throttled && (n.metrics.throttled.underVoltage || n.metrics.throttled.underVoltageOccurred))
      .map(n => h('li', {}, h('a', { href: '/nodes/' + encodeURIComponent(n.name), text: n.name }),
        n.metrics.throttled.underVoltage ? h('span', { class: 'badge bad', text: 'now' }) : h('span', { class: 'badge warn', text: 'since boot' })));
    $('undervoltage').replaceChildren(...(uv.length ? uv : none('none — every supply holds up')));
  }

  function renderRoles() {
    const sel = $('role-filter'), current = sel.value;
    const roles = [...new Set([...nodes.values()].flatMap(n => n.roles || []))].sort();
    sel.replaceChildren(h('option', { value: '', text: 'all roles' }), ...roles.map(r => h('option', { value: r, text: r })));
    sel.value = roles.includes(current) ? current : '';
    readFilter();
  }

  function renderLegend() {
    const def = B.METRICS[ui.metric];
    const legend = $('legend');
    if (def.categories) {
      legend.replaceChildren(...def.categories.map(c => h('span', { class: 'cat' }, h('i', { style: { background: c.colour } }), c.label)));
    } else {
      const stops = [0, .2, .4, .6, .8, 1].map(t => B.heat(t)).join(',');
      legend.replaceChildren(h('span', { text: def.fmt(def.min) }),
        h('span', { class: 'bar', title: def.note || def.label, style: { background: 'linear-gradient(90deg,' + stops + ')' } }),
        h('span', { text: def.fmt(def.max) + (def.key === 'load' ? '+' : '') }));
    }
  }

  function render() {
    $('match-count').textContent = [...nodes.values()].filter(matches).length + ' of ' + nodes.size + ' nodes';
    if (ui.view === 'rack') renderRack(); else renderTable();
    renderOverview();
  }

  function refilter() { readFilter(); render(); }

  // live updates change one tile in place; anything that moves tiles re-renders, at most once a frame
  let pending = false, overviewDue = false;
  function scheduleRender() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; render(); });
  }
  function scheduleOverview() {
    if (overviewDue) return;
    overviewDue = true;
    setTimeout(() => { overviewDue = false; renderOverview(); $('match-count').textContent = [...nodes.values()].filter(matches).length + ' of ' + nodes.size + ' nodes'; }, 250);
  }

  // a table of many nodes is rebuilt at most once a second, however fast heartbeats arrive
  let tableDue = false;
  function scheduleTable() {
    if (tableDue) return;
    tableDue = true;
    setTimeout(() => { tableDue = false; if (ui.view === 'table') render(); }, 1000);
  }

  function onNode(n) {
    const before = nodes.get(n.id);
    nodes.set(n.id, n);
    const moved = !before || before.name !== n.name || JSON.stringify(before.location) !== JSON.stringify(n.location)
      || JSON.stringify(before.roles) !== JSON.stringify(n.roles);
    if (!before || JSON.stringify(before.roles) !== JSON.stringify(n.roles)) renderRoles();
    if (ui.view === 'table') { scheduleTable(); return; }
    if (moved) { scheduleRender(); return; }
    const old = document.querySelector('.tile[data-id="' + CSS.escape(n.id) + '"]');
    if (old) old.replaceWith(tile(n)); else scheduleRender();
    scheduleOverview();
  }

  /** Reads every node; after the first time only what differs is redrawn, so resyncing a big fleet is cheap. */
  async function load() {
    const data = await B.api('GET', '/api/v1/nodes');
    const first = nodes.size === 0;
    const ids = new Set(data.nodes.map(n => n.id));
    const gone = [...nodes.keys()].some(id => !ids.has(id));
    if (first || gone) {
      nodes.clear();
      for (const n of data.nodes) nodes.set(n.id, n);
      renderRoles();
      render();
      return;
    }
    for (const n of data.nodes) {
      const before = nodes.get(n.id);
      // the stream may have brought a newer heartbeat while this list was on its way: keep it
      if (before && before.lastSeen && n.lastSeen && Date.parse(before.lastSeen) > Date.parse(n.lastSeen)) continue;
      if (!before || JSON.stringify(before) !== JSON.stringify(n)) onNode(n);
    }
  }

  // ---- controls -----------------------------------------------------------------------------

  for (const [key, def] of Object.entries(B.METRICS)) { def.key = key; $('metric').append(h('option', { value: key, text: def.label })); }
  $('metric').value = ui.metric;
  $('metric').addEventListener('change', () => {
    ui.metric = $('metric').value;
    localStorage.setItem('bramble.metric', ui.metric);
    renderLegend();
    render();
  });
  const setView = v => {
    ui.view = v;
    localStorage.setItem('bramble.view', v);
    $('rack-view').hidden = v !== 'rack';
    $('table-view').hidden = v !== 'table';
    $('view-rack').classList.toggle('on', v === 'rack');
    $('view-table').classList.toggle('on', v === 'table');
    render();
  };
  $('view-rack').addEventListener('click', () => setView('rack'));
  $('view-table').addEventListener('click', () => setView('table'));
  for (const id of ['search', 'state-filter', 'role-filter']) $(id).addEventListener('input', refilter);
  // "last seen" texts age even when nothing arrives
  setInterval(() => { if (ui.view === 'table') renderTable(); }, 5000);

  renderLegend();
  $('rack-view').hidden = ui.view !== 'rack';
  $('table-view').hidden = ui.view !== 'table';
  $('view-rack').classList.toggle('on', ui.view === 'rack');
  $('view-table').classList.toggle('on', ui.view === 'table');
  load().catch(e => B.toast('Cannot load the nodes: ' + e.message));
  loadPower();
  // meters are read every power.readEvery; a minute-old row figure is still useful, a stale one for hours is not
  setInterval(loadPower, 15000);
  // a timed locate ends by itself: drop the highlight when its time is up, even if the node has gone quiet
  setInterval(() => {
    for (const n of nodes.values())
      if (n.located && n.locatedUntil && Date.parse(n.locatedUntil) <= B.now()) onNode(Object.assign({}, n, { located: false, locatedUntil: null }));
  }, 1000);
  B.stream({
    node: onNode,
    locate: c => {
      const n = [...nodes.values()].find(x => x.name === c.node);
      if (n) onNode(Object.assign({}, n, { located: c.located, locatedUntil: c.until }));
      if (c.located && c.by && c.by.startsWith('node:')) B.toast(c.node + ': locate button pressed', true);
    },
    event: e => { if (e.type && (e.type.startsWith('power.') || e.type === 'node.moved' || e.type === 'node.edited')) schedulePower(); },
  }, () => { load().catch(() => {}); loadPower(); });
})();
