// The row page: one rack row's metered power over time against its PSU budget, and the Pis in it.
'use strict';
(function () {
  const { h } = B;
  const $ = id => document.getElementById(id);
  const RANGES = { '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3 };
  const state = { rack: B.boot.rack, row: B.boot.row, range: '1h', plot: null };

  B.header('fleet');
  $('row-title').textContent = state.rack + ' · row ' + state.row;
  document.title = state.rack + ' row ' + state.row + ' · Bramble';

  async function loadNodes() {
    const [nodes, power] = await Promise.all([B.api('GET', '/api/v1/nodes'), B.api('GET', '/api/v1/power')]);
    const here = nodes.nodes.filter(n => n.location && n.location.rack === state.rack && n.location.row === state.row)
      .sort((a, b) => a.location.slot - b.location.slot);
    const outlets = new Map((power.outlets || []).map(o => [o.node, o]));
    $('row-nodes').querySelector('tbody').replaceChildren(...here.map(n => {
      const o = outlets.get(n.name);
      return h('tr', { 'data-node': n.name },
        h('td', { text: String(n.location.slot) }),
        h('td', {}, h('a', { href: '/nodes/' + encodeURIComponent(n.name), text: n.name + (n.simulated ? ' (simulated)' : '') })),
        h('td', { text: n.state }),
        h('td', { text: (n.facts && n.facts.model) || '' }),
        h('td', { text: o && o.watts !== null && o.watts !== undefined ? o.watts.toFixed(1) + ' W' : '—' }));
    }));
    const psus = (power.psus || []).filter(p => p.nodes && p.nodes.some(name => here.some(n => n.name === name)));
    $('row-budget').textContent = psus.length
      ? psus.map(p => 'PSU ' + p.name + ': ' + p.capacityWatts + ' W, up to ' + p.estimatedWatts + ' W estimated (' + p.estimatedPercent + ' %)'
        + (p.warning ? ' — ' + p.warning : '')).join('; ')
      : 'no PSU in power.psus feeds this row';
  }

  async function loadChart() {
    const to = B.now(), from = to - RANGES[state.range];
    const data = await B.api('GET', '/api/v1/power/rows/' + encodeURIComponent(state.rack) + '/' + state.row + '/readings?from='
      + Math.floor(from) + '&to=' + Math.ceil(to));
    const box = $('row-chart');
    if (state.plot) { state.plot.destroy(); state.plot = null; }
    box.replaceChildren();
    if (!data.readings.length) {
      box.append(h('div', { class: 'empty', text: 'no meter readings for this row in this range' }));
      return;
    }
    const cols = [data.readings.map(p => Date.parse(p.at) / 1000), data.readings.map(p => p.watts)];
    const axis = { stroke: '#8a99a8', grid: { stroke: '#26313b', width: 1 }, ticks: { stroke: '#26313b', width: 1 } };
    state.plot = new uPlot({
      title: 'Power W (sum of the row\'s metered outlets)', width: Math.max(300, box.clientWidth - 22), height: 220,
      scales: { x: { time: true, range: () => [from / 1000, to / 1000] }, y: { range: (u, min, max) => [0, Math.max(1, Math.ceil(max * 1.2))] } },
      axes: [axis, Object.assign({ size: 52 }, axis)],
      series: [{}, { label: 'W', stroke: '#f2c14e', fill: 'rgba(242,193,78,.12)', width: 1.6, value: (u, v) => v === null ? '—' : v.toFixed(1) + ' W' }],
    }, cols, box);
  }

  document.querySelectorAll('[data-range]').forEach(b => b.addEventListener('click', () => {
    document.querySelectorAll('[data-range]').forEach(x => x.classList.toggle('on', x === b));
    state.range = b.dataset.range;
    loadChart().catch(e => B.toast('Cannot load power history: ' + e.message));
  }));
  loadNodes().catch(e => B.toast('Cannot load the row: ' + e.message));
  loadChart().catch(e => B.toast('Cannot load power history: ' + e.message));
  setInterval(() => loadNodes().catch(() => {}), 15000);
})();
