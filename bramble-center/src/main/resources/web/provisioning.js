// The provisioning page: every node's netboot lifecycle, profile and progress, its last boot
// transfers on demand, and (for operators) assign, reprovision and retire; kept live from the stream.
'use strict';
(function () {
  const { h } = B;
  const $ = id => document.getElementById(id);
  const LIFECYCLES = ['new', 'discovering', 'ready', 'provisioning', 'deployed', 'diskless', 'failed', 'retired'];
  const state = { nodes: [], profiles: [], open: new Set(), transfers: new Map() };

  B.header('provisioning');

  function matches(n) {
    const lc = $('lifecycle-filter').value;
    const q = $('prov-search').value.trim().toLowerCase();
    if (lc && n.lifecycle !== lc) return false;
    return !q || n.name.includes(q) || (n.serial || '').toLowerCase().includes(q);
  }

  const none = v => v === null || v === undefined;

  function progress(n) {
    if (!n.stage && none(n.percent) && !n.message) return h('span', { class: 'muted', text: '—' });
    return h('span', { class: 'prog' },
      none(n.percent) ? null : h('span', { class: 'progress', title: n.percent + ' %' }, h('i', { style: { width: n.percent + '%' } })),
      h('span', { text: [n.stage, none(n.percent) ? null : n.percent + ' %'].filter(Boolean).join(' · ') }),
      n.message ? h('span', { class: 'muted', text: ' — ' + n.message }) : null);
  }

  async function act(n, action, body, done) {
    try {
      await B.api('POST', '/api/v1/boot/nodes/' + encodeURIComponent(n.name) + '/' + action, body);
      B.toast(done, true);
      await load();
    } catch (e) {
      B.toast('Cannot ' + action + ' ' + n.name + ': ' + e.message);
    }
  }

  function controls(n) {
    if (!B.canEdit()) return null;
    const sel = h('select', { class: 'profile-select', 'aria-label': 'Profile for ' + n.name },
      h('option', { value: '', text: state.profiles.length ? 'profile…' : 'no profiles' }),
      state.profiles.map(p => h('option', { value: p.name, text: p.name + ' (' + p.mode + ')' })));
    if (n.profile && state.profiles.some(p => p.name === n.profile)) sel.value = n.profile;
    return h('td', { class: 'op-only' }, h('div', { class: 'controls' }, sel,
      h('button', { type: 'button', class: 'assign', onclick: () => {
        if (!sel.value) { B.toast('Choose a profile for ' + n.name + ' first'); return; }
        act(n, 'assign', { profile: sel.value }, n.name + ' assigned to ' + sel.value + '; it installs at its next network boot');
      } }, 'Assign'),
      h('button', { type: 'button', class: 'reprovision', disabled: n.profile ? null : true,
        title: n.profile ? 'install ' + n.profile + ' again at the next network boot' : 'assign a profile first', onclick: async () => {
          if (await B.confirm('Reprovision ' + n.name + '?', n.name + ' will be installed again with profile ' + n.profile
            + ' at its next network boot; what is on its storage now is overwritten.', 'Reprovision'))
            act(n, 'reprovision', undefined, n.name + ' will be reprovisioned at its next network boot');
        } }, 'Reprovision'),
      h('button', { type: 'button', class: 'retire', disabled: n.lifecycle === 'retired' ? true : null, onclick: async () => {
        if (await B.confirm('Retire ' + n.name + '?', n.name + ' will be refused at every network boot until it is assigned a profile again.', 'Retire'))
          act(n, 'retire', undefined, n.name + ' retired');
      } }, 'Retire')));
  }

  function transfersRow(n, cols) {
    const t = state.transfers.get(n.name);
    let body;
    if (t === undefined) body = h('span', { class: 'muted', text: 'loading…' });
    else if (!t.length) body = h('span', { class: 'muted', text: 'no boot transfers recorded for ' + n.name });
    else body = h('table', {}, h('tbody', {}, t.map(x => h('tr', {},
      h('td', { text: B.time(x.at) }), h('td', { class: 'mono', text: x.path }), h('td', { text: x.outcome }),
      h('td', { class: 'num', text: B.bytes(x.bytes) }), h('td', { class: 'num', text: x.ms + ' ms' }), h('td', { class: 'muted', text: x.detail || '' })))));
    return h('tr', { class: 'transfers', 'data-transfers': n.name }, h('td', { colspan: String(cols) }, h('b', { text: 'Last boot transfers ' }), body));
  }

  async function loadTransfers(name) {
    try {
      const d = await B.api('GET', '/api/v1/boot/nodes/' + encodeURIComponent(name));
      state.transfers.set(name, d.transfers || []);
    } catch (e) {
      state.transfers.set(name, []);
      B.toast('Cannot load the transfers of ' + name + ': ' + e.message);
    }
    render();
  }

  function render() {
    const list = state.nodes.filter(matches);
    $('prov-count').textContent = list.length + ' of ' + state.nodes.length + ' nodes';
    const counts = Object.fromEntries(LIFECYCLES.map(l => [l, 0]));
    for (const n of state.nodes) counts[n.lifecycle] = (counts[n.lifecycle] || 0) + 1;
    $('lifecycle-counts').replaceChildren(...Object.entries(counts).map(([l, c]) => h('div', { class: 'count lc-' + l, 'data-lifecycle': l,
      onclick: () => { $('lifecycle-filter').value = $('lifecycle-filter').value === l ? '' : l; render(); } },
    h('b', { text: String(c) }), h('span', { text: l }))));
    const heads = ['Node', 'Serial', 'Lifecycle', 'Profile', 'Progress', 'Since', 'Transfers'].concat(B.canEdit() ? ['Actions'] : []);
    const rows = [];
    for (const n of list) {
      const open = state.open.has(n.name);
      rows.push(h('tr', { 'data-node': n.name, 'data-lifecycle': n.lifecycle },
        h('td', {}, h('a', { href: '/nodes/' + encodeURIComponent(n.name), text: n.name })),
        h('td', { class: 'mono', title: n.serial, text: n.bootSerial || '' }),
        h('td', {}, h('span', { class: 'lc lc-' + n.lifecycle, text: n.lifecycle }),
          n.failedReason ? h('div', { class: 'err', text: n.failedReason }) : null,
          n.deadline && n.lifecycle === 'provisioning' ? h('div', { class: 'muted', text: 'deadline ' + B.time(n.deadline) }) : null),
        h('td', { class: 'profile', text: n.profile || '—' }),
        h('td', { class: 'progress-cell' }, progress(n)),
        h('td', { title: n.progressAt ? 'last report ' + B.time(n.progressAt) : '', text: n.since ? B.ago(n.since) : '—' }),
        h('td', {}, h('button', { type: 'button', class: 'show-transfers', 'aria-expanded': open ? 'true' : 'false', onclick: () => {
          if (state.open.has(n.name)) { state.open.delete(n.name); render(); return; }
          state.open.add(n.name);
          render();
          loadTransfers(n.name);
        } }, open ? 'Hide' : 'Show')),
        controls(n)));
      if (open) rows.push(transfersRow(n, heads.length));
    }
    $('prov-view').replaceChildren(list.length
      ? h('table', { class: 'grid', id: 'prov-table' }, h('thead', {}, h('tr', {}, heads.map(x => h('th', { text: x })))), h('tbody', {}, rows))
      : h('p', { class: 'muted', text: state.nodes.length ? 'No node matches.' : 'No nodes yet: a Pi appears here when it first boots from the network or enrolls.' }));
  }

  async function load() {
    const [nodes, profiles] = await Promise.all([B.api('GET', '/api/v1/boot/nodes'), B.api('GET', '/api/v1/boot/profiles')]);
    state.nodes = nodes.nodes.sort((a, b) => a.name.localeCompare(b.name));
    state.profiles = profiles.profiles;
    // a select being used must not be rebuilt under the operator's hand
    if (document.activeElement && document.activeElement.classList.contains('profile-select')) { setTimeout(() => load().catch(() => {}), 1000); return; }
    render();
    for (const name of state.open) loadTransfers(name);
  }

  async function loadStatus() {
    try {
      const s = await B.api('GET', '/api/v1/boot/status');
      $('boot-status').textContent = s.enabled ? 'netboot on · TFTP port ' + s.tftpPort + (s.autoEnlist ? ' · auto-enlist' : '') : 'netboot is off (boot.enabled in center.yaml)';
    } catch (e) { /* only a hint */ }
  }

  // a burst of progress reports reloads once
  let due = false;
  function scheduleLoad() {
    if (due) return;
    due = true;
    setTimeout(() => { due = false; load().catch(() => {}); }, 300);
  }

  $('prov-search').addEventListener('input', render);
  $('lifecycle-filter').addEventListener('input', render);
  setInterval(render, 10000);
  loadStatus();
  load().catch(e => B.toast('Cannot load the nodes: ' + e.message));
  B.stream({
    node: n => {
      const known = state.nodes.find(x => x.name === n.name);
      if (!known || known.lifecycle !== n.lifecycle) scheduleLoad();
    },
    event: e => { if (e.type && (e.type.startsWith('boot.') || e.type === 'node.lifecycle')) scheduleLoad(); },
  }, () => load().catch(() => {}));
})();
