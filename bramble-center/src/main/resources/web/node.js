// A node's page: facts, current figures, throttling now and since boot, uPlot history over
// 1 h / 24 h / 7 d (with the outlet's meter readings), recent events, the outlet's state, the board's
// button, LEDs and fan with the commands sent to the node, and (for operators) edits of name, roles,
// labels and location, power on / off / cycle, locate, LEDs, fan and reboot.
'use strict';
(function () {
  const { h } = B;
  const $ = id => document.getElementById(id);
  const RANGES = { '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3 };
  const state = { node: null, name: B.boot.node, range: '1h', charts: [] };

  B.header('fleet');

  const CHARTS = [
    { key: 'load', title: 'Load average', y: (u, min, max) => [0, Math.max(1, Math.ceil(max * 1.15 * 4) / 4)],
      series: [{ label: '1 min', stroke: '#5fb3f9', get: p => p.load1 }, { label: '5 min', stroke: '#a78bfa', get: p => p.load5 },
        { label: '15 min', stroke: '#8a99a8', get: p => p.load15 }], fmt: v => v.toFixed(2) },
    { key: 'cpu', title: 'CPU %', y: () => [0, 100], series: [{ label: 'CPU', stroke: '#2fb36d', fill: 'rgba(47,179,109,.15)', get: p => p.cpuPercent }],
      fmt: v => v.toFixed(1) + ' %' },
    { key: 'memory', title: 'Memory used %', y: () => [0, 100], series: [{ label: 'used', stroke: '#e2be46', fill: 'rgba(226,190,70,.12)', get: p => B.memPct(p) }],
      fmt: v => v.toFixed(1) + ' %' },
    { key: 'disk', title: 'Disk used %', y: () => [0, 100], series: [{ label: 'used', stroke: '#c0508a', fill: 'rgba(192,80,138,.12)', get: p => B.diskPct(p) }],
      fmt: v => v.toFixed(1) + ' %' },
    { key: 'temperature', title: 'SoC temperature °C', y: (u, min, max) => [Math.min(30, Math.floor(min - 3)), Math.max((B.boot.hotCelsius || 80) + 2, Math.ceil(max + 3))],
      series: [{ label: '°C', stroke: '#ec853a', get: p => p.tempCelsius }], fmt: v => v.toFixed(1) + ' °C' },
  ];

  // ---- header and cards ---------------------------------------------------------------------

  function renderHead(n) {
    document.title = n.name + ' · Bramble';
    $('nodehead').replaceChildren(...[
      h('a', { href: '/', class: 'muted', text: '← Fleet' }),
      h('h1', { id: 'node-name', text: n.name }),
      h('span', { class: 'state st-' + n.state, id: 'node-state', 'data-state': n.state, text: n.state }),
      n.simulated ? h('span', { class: 'badge', id: 'simulated', title: 'this node is simulated, not a real Pi', text: 'simulated' }) : null,
      n.located ? h('span', { class: 'badge warn', text: 'locating' }) : null,
      h('span', { class: 'muted', text: B.location(n.location) }),
      h('span', { class: 'muted', id: 'last-seen', text: 'last seen ' + B.ago(n.lastSeen) })].filter(Boolean));
  }

  function kv(el, pairs) {
    el.replaceChildren(...pairs.filter(p => p).flatMap(([k, v]) => [h('dt', { text: k }), h('dd', {}, v === null || v === undefined || v === '' ? '—' : v)]));
  }

  function renderCurrent(n) {
    const m = n.metrics || {};
    const upt = m.uptimeSeconds;
    kv($('current'), [
      ['Load', m.load1 === undefined || m.load1 === null ? null : [m.load1, m.load5, m.load15].map(v => B.num(v, 2)).join(' · ')],
      ['CPU', B.num(m.cpuPercent, 1, ' %')],
      ['Memory', m.memTotalBytes ? B.bytes(m.memTotalBytes - m.memAvailableBytes) + ' of ' + B.bytes(m.memTotalBytes) + ' (' + B.num(B.memPct(m), 0, ' %') + ')' : null],
      ['Disk', m.diskTotalBytes ? B.bytes(m.diskUsedBytes) + ' of ' + B.bytes(m.diskTotalBytes) + ' (' + B.num(B.diskPct(m), 0, ' %') + ')' : null],
      ['Temperature', B.num(m.tempCelsius, 1, ' °C')],
      ['Uptime', upt === null || upt === undefined ? null : (upt >= 86400 ? Math.floor(upt / 86400) + ' d ' : '') + Math.floor(upt % 86400 / 3600) + ' h ' + Math.floor(upt % 3600 / 60) + ' min'],
      ['Network', m.netRxBytes === null || m.netRxBytes === undefined ? null : '↓ ' + B.bytes(m.netRxBytes) + ' · ↑ ' + B.bytes(m.netTxBytes)],
      ['Sampled', m.at ? B.time(m.at) : null],
      ['Roles', (n.roles || []).length ? (n.roles || []).map(r => h('span', { class: 'chip', text: r })) : null],
      ['Labels', Object.keys(n.labels || {}).length ? Object.entries(n.labels).map(([k, v]) => h('span', { class: 'chip', text: k + '=' + v })) : null],
    ]);
    const t = m.throttled;
    if (!t) { $('throttling').replaceChildren(h('p', { class: 'muted', text: 'This node does not report throttling (not a Pi, or no vcgencmd).' })); return; }
    const flag = (now, past) => now ? h('td', { class: 'flag-on', text: 'yes' }) : h('td', { class: 'flag-off', text: 'no' });
    const rows = [['Under-voltage', t.underVoltage, t.underVoltageOccurred], ['Frequency capped', t.freqCapped, t.freqCappedOccurred],
      ['Throttled', t.throttled, t.throttledOccurred], ['Soft temperature limit', t.softTempLimit, t.softTempLimitOccurred]];
    $('throttling').replaceChildren(h('table', { class: 'flags', id: 'throttle-flags' },
      h('thead', {}, h('tr', {}, h('th', { text: '' }), h('th', { text: 'now' }), h('th', { text: 'since boot' }))),
      h('tbody', {}, rows.map(([label, now, past]) => h('tr', {}, h('td', { text: label }), flag(now),
        past ? h('td', { class: 'flag-past', text: 'yes' }) : h('td', { class: 'flag-off', text: 'no' }))))),
    h('p', { class: 'muted mono', text: 'get_throttled = 0x' + Number(t.raw).toString(16) }));
  }

  function renderFacts(n) {
    const f = n.facts || {};
    const b = f.board || {};
    kv($('facts'), [
      ['Model', f.model], ['Revision', f.revisionCode ? f.revisionCode + (b.type ? ' (' + [b.type, b.processor, b.manufacturer].filter(Boolean).join(', ') + ')' : '') : null],
      ['Serial', h('span', { class: 'mono', text: n.serial })], ['Memory', f.memoryBytes ? B.bytes(f.memoryBytes) : null],
      ['MACs', (f.macs || []).length ? h('span', { class: 'mono', text: f.macs.join(', ') }) : null],
      ['Hostname', f.hostname], ['Address', n.address], ['OS', f.os], ['Kernel', f.kernel], ['Architecture', f.arch],
      ['Agent', f.agentVersion], ['Lifecycle', n.lifecycle], ['Simulated', n.simulated ? 'yes — not a real Pi' : 'no'],
    ]);
  }

  // ---- charts -------------------------------------------------------------------------------

  function chartOpts(spec, width) {
    const axis = { stroke: '#8a99a8', grid: { stroke: '#26313b', width: 1 }, ticks: { stroke: '#26313b', width: 1 } };
    return {
      title: spec.title, width, height: 190,
      // the whole chosen range, so a gap in the history shows as a gap, not as a stretched line
      scales: { x: { time: true, range: () => [B.now() / 1000 - RANGES[state.range] / 1000, B.now() / 1000] }, y: { range: spec.y } },
      axes: [axis, Object.assign({ size: 52, values: (u, vals) => vals.map(v => spec.key === 'load' ? v.toFixed(1) : v.toFixed(0)) }, axis)],
      series: [{}].concat(spec.series.map(s => ({ label: s.label, stroke: s.stroke, fill: s.fill, width: 1.6, spanGaps: false,
        value: (u, v) => v === null || v === undefined ? '—' : spec.fmt(v) }))),
      cursor: { drag: { x: true, y: false } },
    };
  }

  async function loadCharts() {
    const to = B.now(), from = to - RANGES[state.range];
    const data = await B.api('GET', '/api/v1/nodes/' + encodeURIComponent(state.name) + '/samples?from=' + Math.floor(from) + '&to=' + Math.ceil(to));
    const readings = state.outlet ? (await B.api('GET', '/api/v1/power/' + encodeURIComponent(state.name) + '/readings?from='
      + Math.floor(from) + '&to=' + Math.ceil(to))).readings : [];
    $('resolution').textContent = data.samples.length + ' samples, ' + (data.resolution === 'raw' ? 'raw' : '1-minute averages');
    state.charts.forEach(c => c.plot && c.plot.destroy());
    state.charts = [];
    const root = $('charts');
    root.replaceChildren();
    // every box first: the grid gives a lone box the whole width, and uPlot sizes itself once
    const specs = state.outlet ? CHARTS.concat([POWER_CHART]) : CHARTS;
    const boxes = specs.map(spec => h('div', { class: 'chart', 'data-chart': spec.key }));
    root.append(...boxes);
    for (const [i, spec] of specs.entries()) {
      const box = boxes[i];
      const points = spec === POWER_CHART ? readings : data.samples;
      const cols = [points.map(p => Date.parse(p.at) / 1000)].concat(spec.series.map(s => points.map(p => { const v = s.get(p); return v === undefined ? null : v; })));
      const c = { spec, box, cols, plot: null, live: spec !== POWER_CHART };
      if (!points.length) box.append(h('div', { class: 'empty', text: spec.title + ': no ' + (spec === POWER_CHART ? 'meter readings' : 'samples') + ' in this range' }));
      else c.plot = new uPlot(chartOpts(spec, Math.max(300, box.clientWidth - 22)), cols, box);
      state.charts.push(c);
    }
  }

  /** A heartbeat seen live extends the 1-hour charts without asking the center again. */
  function appendLive(m) {
    if (state.range !== '1h' || !m || !m.at) return;
    const x = Date.parse(m.at) / 1000, cutoff = B.now() / 1000 - 3600;
    for (const c of state.charts) {
      if (!c.live) continue; // meter readings do not come with heartbeats
      const xs = c.cols[0];
      if (xs.length && x <= xs[xs.length - 1]) return;
      xs.push(x);
      c.spec.series.forEach((s, i) => { const v = s.get(m); c.cols[i + 1].push(v === undefined ? null : v); });
      while (xs.length && xs[0] < cutoff) c.cols.forEach(col => col.shift());
      if (c.plot) c.plot.setData(c.cols);
      else if (xs.length) { c.box.replaceChildren(); c.plot = new uPlot(chartOpts(c.spec, Math.max(300, c.box.clientWidth - 22)), c.cols, c.box); }
    }
  }

  document.querySelectorAll('[data-range]').forEach(b => b.addEventListener('click', () => {
    state.range = b.dataset.range;
    document.querySelectorAll('[data-range]').forEach(x => x.classList.toggle('on', x === b));
    loadCharts().catch(e => B.toast('Cannot load history: ' + e.message));
  }));
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => state.charts.forEach(c => c.plot && c.plot.setSize({ width: Math.max(300, c.box.clientWidth - 22), height: 190 })), 150);
  });

  // ---- power --------------------------------------------------------------------------------

  const POWER_CHART = { key: 'power', title: 'Power W', y: (u, min, max) => [0, Math.max(1, Math.ceil(max * 1.2))],
    series: [{ label: 'W', stroke: '#f2c14e', fill: 'rgba(242,193,78,.12)', get: p => p.watts }], fmt: v => v.toFixed(2) + ' W' };
  const ACTIONS = {
    on: { label: 'On', ask: n => ['Power on ' + n + '?', 'The outlet feeding ' + n + ' is switched on; it boots.'] },
    off: { label: 'Off', ask: n => ['Power off ' + n + '?', 'The outlet feeding ' + n + ' is cut at once: anything running on it stops without a shutdown.'] },
    cycle: { label: 'Cycle', ask: n => ['Power-cycle ' + n + '?', 'The outlet feeding ' + n + ' is switched off, then on again: anything running on it stops without a shutdown.'] },
  };

  /** This node's outlet from GET /api/v1/power, or null when no outlet switches it. */
  async function loadPower() {
    const all = await B.api('GET', '/api/v1/power');
    state.outlet = all.outlets.find(o => o.node === state.name) || null;
    renderPower();
    return state.outlet;
  }

  function renderPower() {
    const o = state.outlet;
    if (!o) {
      $('power').replaceChildren(h('p', { class: 'muted', id: 'no-outlet', text: 'No outlet switches this node (power.outlets in center.yaml).' }));
      $('power-controls').replaceChildren();
      return;
    }
    const reading = o.watts === null || o.watts === undefined ? null
      : B.num(o.watts, 2, ' W') + (o.volts ? ' · ' + B.num(o.volts, 2, ' V') : '') + (o.amps ? ' · ' + B.num(o.amps, 3, ' A') : '');
    // an outlet the center never switched has no desired state yet; what the device reports is then the best answer
    const shown = o.state !== 'unknown' ? o.state : o.reported;
    kv($('power'), [
      ['Outlet', [h('span', { class: 'state st-' + (shown === 'on' ? 'up' : shown === 'off' ? 'off' : 'stale'), id: 'outlet-state', 'data-state': shown, text: shown }),
        o.state === 'unknown' && shown !== 'unknown' ? h('span', { class: 'muted', text: ' (as the device reports)' }) : null]],
      o.state !== 'unknown' && o.reported !== 'unknown' && o.reported !== o.state ? ['Device reports', h('span', { class: 'badge warn', text: o.reported })] : null,
      ['Driver', o.driver + (o.watchdog ? ' · watchdog' : '')],
      ['Reading', reading === null ? null : h('span', { id: 'outlet-watts', text: reading })],
      ['Read', o.readAt ? B.ago(o.readAt) : null],
      ['Budget', o.model ? 'Pi ' + o.model + ', up to ' + o.maxWatts + ' W' : o.maxWatts + ' W'],
      ['Switched', o.changedAt ? B.time(o.changedAt) + (o.changedBy ? ' by ' + o.changedBy : '') : null],
      o.error ? ['Error', h('span', { class: 'err', text: o.error })] : null,
    ]);
    if (!B.canEdit()) { $('power-controls').replaceChildren(); return; }
    if ($('power-buttons')) return; // keep the job line under the buttons while a job runs
    $('power-controls').replaceChildren(
      h('div', { class: 'power-buttons op-only', id: 'power-buttons' }, Object.entries(ACTIONS).map(([a, def]) =>
        h('button', { type: 'button', id: 'power-' + a, class: a === 'on' ? '' : 'danger-outline', onclick: () => power(a) }, def.label))),
      h('div', { class: 'job', id: 'power-job', role: 'status' }));
  }

  async function power(action) {
    const [title, text] = ACTIONS[action].ask(state.name);
    if (!await B.confirm(title, text, ACTIONS[action].label)) return;
    const line = $('power-job');
    const buttons = document.querySelectorAll('#power-buttons button');
    buttons.forEach(b => { b.disabled = true; });
    try {
      let job = await B.api('POST', '/api/v1/power/' + action, { nodes: state.name });
      // jobs stagger and wait for outlets: poll until the center says it is finished
      for (;;) {
        line.className = 'job';
        line.textContent = action + ': ' + job.done + ' of ' + job.total + ' done' + (job.failed ? ', ' + job.failed + ' failed' : '') + (job.finished ? '' : '…');
        if (job.finished) break;
        await new Promise(r => setTimeout(r, 400));
        job = await B.api('GET', '/api/v1/power/jobs/' + encodeURIComponent(job.id));
      }
      const failed = (job.steps || []).filter(s => !s.ok);
      if (failed.length) { line.className = 'job err'; line.textContent = action + ' failed: ' + failed.map(s => s.error).join('; '); }
      else line.textContent = action + ' done at ' + B.time(job.finishedAt);
    } catch (e) {
      line.className = 'job err';
      line.textContent = 'Cannot ' + action + ' ' + state.name + ': ' + e.message;
    } finally {
      buttons.forEach(b => { b.disabled = false; });
      loadPower().catch(() => {});
    }
  }

  // ---- board: locate, LEDs, fan, reboot -------------------------------------------------------

  const LED_COLOURS = { off: '#1b2026', red: '#e5484d', green: '#2fb36d', blue: '#3b82f6', amber: '#f5a524', cyan: '#22d3ee', magenta: '#d946ef', white: '#eef2f6' };

  function part(p) {
    if (!p) return null;
    return p.present ? h('span', { text: p.detail }) : h('span', { class: 'muted', text: 'absent — ' + p.detail });
  }

  function renderBoard(n) {
    const b = n.board;
    if (!b) {
      $('board').replaceChildren(h('p', { class: 'muted', id: 'no-board', text: 'No board state from this node yet (its agent has not '
        + 'sent a heartbeat with one: an older agent, or the node is quiet).' }));
    } else {
      const colour = (b.ledColour || 'off').toLowerCase();
      kv($('board'), [
        b.simulated ? ['Hardware', h('span', { class: 'badge', id: 'board-simulated', text: 'simulated' })] : null,
        ['Button', part(b.button)],
        ['Locate LED', [part(b.locateLed), b.locating ? h('span', { class: 'badge warn', id: 'board-locating', text: ' blinking' }) : null]],
        ['Status LEDs', b.statusLeds && b.statusLeds.present
          ? [h('span', { class: 'led' + (b.ledPattern && b.ledPattern !== 'solid' ? ' blinking' : ''), id: 'board-led', 'data-colour': colour,
              style: { background: LED_COLOURS[colour] || '#888' } }),
            h('span', { id: 'board-led-text', text: ' ' + colour + ' · ' + (b.ledPattern || 'solid') + (b.ledOverride ? ' (set by an operator)' : ' (follows health)') })]
          : part(b.statusLeds)],
        ['Fan', b.fan && b.fan.present
          ? h('span', { id: 'board-fan', text: (b.fanMode || 'auto') + (b.fanPercent !== null && b.fanPercent !== undefined ? ' · ' + b.fanPercent + ' %' : '')
              + (b.fanRpm !== null && b.fanRpm !== undefined ? ' · ' + b.fanRpm + ' rpm' : '') + ' — ' + b.fan.detail })
          : part(b.fan)],
      ]);
    }
    renderBoardControls(n);
  }

  function renderBoardControls(n) {
    if (!B.canEdit()) { $('board-controls').replaceChildren(); return; }
    if ($('board-buttons')) {
      // the controls stay (a person may be choosing); only the locate button follows the node
      $('locate-clear').hidden = !n.located;
      return;
    }
    const seconds = h('select', { id: 'locate-seconds', 'aria-label': 'Locate for' },
      [[30, '30 s'], [60, '1 min'], [300, '5 min'], [900, '15 min']].map(([v, t]) => h('option', { value: String(v), text: t })));
    seconds.value = '60';
    const colour = h('select', { id: 'led-colour', 'aria-label': 'LED colour' },
      (B.boot.ledColours || []).map(c => h('option', { value: c, text: c === 'auto' ? 'auto (follow health)' : c })));
    const pattern = h('select', { id: 'led-pattern', 'aria-label': 'LED pattern' }, (B.boot.ledPatterns || []).map(p => h('option', { value: p, text: p })));
    const fanMode = h('select', { id: 'fan-mode', 'aria-label': 'Fan mode' }, h('option', { value: 'auto', text: 'auto (curve)' }), h('option', { value: 'fixed', text: 'fixed' }));
    const fanPct = h('input', { id: 'fan-percent', type: 'number', min: '0', max: '100', value: '50', 'aria-label': 'Fan percent', style: { width: '5em' } });
    $('board-controls').replaceChildren(h('div', { class: 'board-buttons op-only', id: 'board-buttons' },
      h('div', { class: 'row' }, h('button', { type: 'button', id: 'locate', class: 'primary', onclick: () => locate(Number(seconds.value)) }, 'Locate'),
        seconds, h('button', { type: 'button', id: 'locate-clear', hidden: !n.located, onclick: () => clearLocate() }, 'Clear locate'),
        n.simulated ? h('button', { type: 'button', id: 'press-button', title: 'press the simulated Pi\'s locate button',
          onclick: () => send('press', {}) }, 'Press button (simulated)') : null),
      h('div', { class: 'row' }, colour, pattern, h('button', { type: 'button', id: 'led-set',
        onclick: () => send('led', colour.value === 'auto' ? { colour: 'auto' } : { colour: colour.value, pattern: pattern.value }) }, 'Set LEDs')),
      h('div', { class: 'row' }, fanMode, fanPct, h('button', { type: 'button', id: 'fan-set',
        onclick: () => send('fan', fanMode.value === 'auto' ? { mode: 'auto' } : { mode: 'fixed', percent: Number(fanPct.value) }) }, 'Set fan')),
      h('div', { class: 'row' }, h('button', { type: 'button', id: 'reboot', class: 'danger-outline', onclick: reboot }, 'Reboot…')),
      h('div', { class: 'job', id: 'board-job', role: 'status' })));
  }

  function say(text, bad) {
    const line = $('board-job');
    if (!line) return;
    line.className = 'job' + (bad ? ' err' : '');
    line.textContent = text;
  }

  async function locate(seconds) {
    try {
      const r = await B.api('POST', '/api/v1/nodes/' + encodeURIComponent(state.name) + '/locate', { seconds });
      say('located for ' + seconds + ' s; command ' + r.command.id + ' queued');
      show(Object.assign({}, state.node, r.node, { facts: state.node.facts, board: state.node.board }), true);
      loadCommands().catch(() => {});
    } catch (e) { say('Cannot locate ' + state.name + ': ' + e.message, true); }
  }

  async function clearLocate() {
    try {
      const r = await B.api('DELETE', '/api/v1/nodes/' + encodeURIComponent(state.name) + '/locate');
      say('locate cleared; command ' + r.command.id + ' queued');
      show(Object.assign({}, state.node, r.node, { facts: state.node.facts, board: state.node.board }), true);
      loadCommands().catch(() => {});
    } catch (e) { say('Cannot clear the locate of ' + state.name + ': ' + e.message, true); }
  }

  async function send(type, args) {
    try {
      const c = await B.api('POST', '/api/v1/nodes/' + encodeURIComponent(state.name) + '/commands', { type, args });
      say(type + ' queued as command ' + c.id + '; the node runs it when its agent next asks (at once if it is online)');
      upsertCommand(c);
    } catch (e) { say('Cannot send ' + type + ' to ' + state.name + ': ' + e.message, true); }
  }

  async function reboot() {
    if (!await B.confirm('Reboot ' + state.name + '?', 'Its agent runs the reboot command (agent.yaml commands.reboot): everything running on '
      + state.name + ' stops and it is away for a minute or so.', 'Reboot')) return;
    send('reboot', {});
  }

  // ---- commands -----------------------------------------------------------------------------

  const STATUS_RANK = { queued: 0, delivered: 1, done: 2, failed: 2, expired: 2 };
  const STATUS_CLASS = { queued: 'badge', delivered: 'badge', done: 'badge ok', failed: 'badge bad', expired: 'badge warn' };

  function commandRow(c) {
    const args = Object.entries(c.args || {}).map(([k, v]) => k + '=' + v).join(' ');
    return h('tr', { 'data-command': c.id, 'data-status': c.status },
      h('td', { text: B.time(c.createdAt) }), h('td', { class: 'mono', text: c.type + (args ? ' ' + args : '') }),
      h('td', { text: c.createdBy }), h('td', {}, h('span', { class: STATUS_CLASS[c.status] || 'badge', text: c.status })),
      h('td', { text: c.result || (c.status === 'delivered' ? 'running on the node…' : '') }));
  }

  async function loadCommands() {
    const data = await B.api('GET', '/api/v1/nodes/' + encodeURIComponent(state.name) + '/commands?limit=20');
    const body = $('commands').tBodies[0];
    body.replaceChildren(...data.commands.map(commandRow));
    if (!data.commands.length) body.append(h('tr', { class: 'none' }, h('td', { colspan: '5', class: 'muted', text: 'no commands sent to this node yet' })));
  }

  function upsertCommand(c) {
    const body = $('commands').tBodies[0];
    body.querySelectorAll('tr.none').forEach(r => r.remove());
    const old = body.querySelector('tr[data-command="' + CSS.escape(c.id) + '"]');
    // the stream may bring the result before the answer to our own POST: never go back to an earlier status
    if (old && STATUS_RANK[old.dataset.status] > STATUS_RANK[c.status]) return;
    if (old) old.replaceWith(commandRow(c)); else body.prepend(commandRow(c));
    while (body.rows.length > 20) body.deleteRow(body.rows.length - 1);
  }

  // ---- events -------------------------------------------------------------------------------

  async function loadEvents() {
    const data = await B.api('GET', '/api/v1/nodes/' + encodeURIComponent(state.name) + '/events?limit=30');
    const list = $('node-events');
    list.replaceChildren(...data.events.map(e => B.eventItem(e, false)));
    if (!data.events.length) list.append(h('li', { class: 'muted', text: 'no events yet' }));
  }

  // ---- edit ---------------------------------------------------------------------------------

  function renderEdit(n) {
    if (!B.canEdit()) { $('edit-panel').remove(); return; }
    $('edit-panel').hidden = false;
    const racks = B.boot.racks || [];
    const l = n.location || {};
    const name = h('input', { id: 'edit-name', value: n.name, required: true, pattern: '[a-z0-9]([a-z0-9\\-]{0,61}[a-z0-9])?',
      title: 'a host name: lower-case letters, digits and -, 1 to 63' });
    const roles = h('input', { id: 'edit-roles', value: (n.roles || []).join(', '), placeholder: 'web, worker' });
    const labels = h('textarea', { id: 'edit-labels', placeholder: 'tier=front' });
    labels.value = Object.entries(n.labels || {}).map(([k, v]) => k + '=' + v).join('\n');
    const rack = h('select', { id: 'edit-rack', 'aria-label': 'Rack' }, h('option', { value: '', text: 'not placed' }),
      racks.map(r => h('option', { value: r.name, text: r.name })));
    rack.value = l.rack || '';
    const row = h('input', { id: 'edit-row', type: 'number', min: '1', value: l.row || '', placeholder: 'row', 'aria-label': 'Row' });
    const slot = h('input', { id: 'edit-slot', type: 'number', min: '1', value: l.slot || '', placeholder: 'slot', 'aria-label': 'Slot' });
    const msg = h('span', { id: 'edit-message', role: 'status' });
    state.editDirty = false;
    const form = h('form', { class: 'edit', id: 'edit-form', oninput: () => { state.editDirty = true; }, onchange: () => { state.editDirty = true; },
      onsubmit: async e => {
      e.preventDefault();
      msg.className = ''; msg.textContent = 'saving…';
      const lbl = {};
      for (const line of labels.value.split('\n').map(s => s.trim()).filter(Boolean)) {
        const i = line.indexOf('=');
        if (i < 1) { msg.className = 'err'; msg.textContent = 'each label line is key=value (got "' + line + '")'; return; }
        lbl[line.slice(0, i).trim()] = line.slice(i + 1).trim();
      }
      const body = { name: name.value.trim(), roles: roles.value.split(',').map(s => s.trim()).filter(Boolean), labels: lbl,
        location: rack.value ? { rack: rack.value, row: Number(row.value), slot: Number(slot.value) } : {} };
      try {
        const updated = await B.api('PATCH', '/api/v1/nodes/' + encodeURIComponent(state.name), body);
        state.editDirty = false;
        state.editedFrom = null;
        show(updated);
        // show() rebuilt the form from the saved node, so the message goes in the new one
        $('edit-message').textContent = 'saved';
        loadEvents().catch(() => {});
      } catch (err) {
        msg.className = 'err'; msg.textContent = err.message;
      }
    } },
    h('label', { for: 'edit-name', text: 'Name' }), name,
    h('label', { for: 'edit-roles', text: 'Roles' }), roles,
    h('label', { for: 'edit-labels', text: 'Labels' }), labels,
    h('label', { text: 'Location' }), h('div', { class: 'loc' }, rack, row, slot),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'edit-save' }, 'Save'), msg));
    $('edit').replaceChildren(form);
  }

  // ---- wiring -------------------------------------------------------------------------------

  function show(n, fromStream) {
    const renamed = state.node && state.node.name !== n.name;
    state.node = n;
    state.name = n.name;
    if (renamed) history.replaceState(null, '', '/nodes/' + encodeURIComponent(n.name));
    renderHead(n);
    renderCurrent(n);
    if (n.facts) renderFacts(n);
    renderBoard(n);
    // neither a live update nor a resync after the stream (re)opens may overwrite what someone is
    // typing; and a form whose fields did not change is left alone, so a focused field stays the same element
    const editable = JSON.stringify([n.name, n.roles, n.labels, n.location]);
    if ((!fromStream && !state.editDirty && editable !== state.editedFrom) || renamed) {
      state.editedFrom = editable;
      renderEdit(n);
    }
  }

  async function load() {
    try {
      show(await B.api('GET', '/api/v1/nodes/' + encodeURIComponent(state.name)));
    } catch (e) {
      if (e.status === 404) {
        $('cards').hidden = true;
        document.querySelectorAll('main > section').forEach(s => { s.hidden = true; });
        $('missing').hidden = false;
        $('missing').replaceChildren(h('h2', { text: 'No node named ' + state.name }), h('a', { href: '/', text: 'Back to the fleet' }));
        return false;
      }
      throw e;
    }
    return true;
  }

  setInterval(() => { if (state.node) $('last-seen').textContent = 'last seen ' + B.ago(state.node.lastSeen); }, 1000);
  load().then(ok => {
    if (!ok) return;
    loadPower().catch(e => B.toast('Cannot load the power state: ' + e.message))
      .finally(() => loadCharts().catch(e => B.toast('Cannot load history: ' + e.message)));
    loadEvents().catch(e => B.toast('Cannot load events: ' + e.message));
    loadCommands().catch(e => B.toast('Cannot load commands: ' + e.message));
    B.stream({
      command: c => { if (state.node && c.nodeId === state.node.id) upsertCommand(c); },
      board: b => { if (state.node && b.nodeId === state.node.id) { state.node.board = b.board; renderBoard(state.node); } },
      locate: c => {
        if (!state.node || c.node !== state.node.name) return;
        show(Object.assign({}, state.node, { located: c.located, locatedUntil: c.until }), true);
      },
      node: n => {
        if (!state.node || n.id !== state.node.id) return;
        show(Object.assign({}, n, { facts: state.node.facts, board: state.node.board }), true);
        appendLive(n.metrics);
      },
      event: e => {
        if (!state.node || e.nodeId !== state.node.id) return;
        const list = $('node-events');
        list.querySelectorAll('li.muted').forEach(x => x.remove());
        list.prepend(B.eventItem(e, false, true));
        if (e.type && e.type.startsWith('power.')) loadPower().catch(() => {});
      },
    }, first => (first ? load() : load().then(() => loadPower()).then(() => loadCharts()).then(() => loadCommands())).catch(() => {}));
    // the center reads meters every power.readEvery; the figure follows without a reload
    setInterval(() => { if (state.outlet) loadPower().catch(() => {}); }, 15000);
  }).catch(e => B.toast('Cannot load the node: ' + e.message));
})();
