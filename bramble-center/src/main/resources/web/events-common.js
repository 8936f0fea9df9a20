// How the timeline shows an event: a coloured type, a sentence from its details, who did it.
'use strict';
(function () {
  const { h } = B;
  const STATE_OF = {
    'node.up': 'up', 'node.degraded': 'degraded', 'node.stale': 'stale', 'node.down': 'down', 'node.off': 'off',
    'throttling.started': 'stale', 'throttling.stopped': 'up', 'node.joined': 'join', 'node.reenrolled': 'join', 'node.left': 'down', 'node.retired': 'off', 'node.edited': 'edit',
  };
  const loc = l => l && l.rack ? l.rack + ' row ' + l.row + ' slot ' + l.slot : 'the tray';

  function describe(e) {
    const d = Object.assign({}, e.detail || {});
    delete d.node;
    switch (e.type) {
      case 'node.joined': return 'joined: ' + (d.model || 'unknown model') + (d.address ? ' from ' + d.address : '') + (d.simulated ? ' (simulated)' : '');
      case 'node.reenrolled': return 'enrolled again' + (d.address ? ' from ' + d.address : '');
      case 'node.stale': case 'node.down': return 'no heartbeat for ' + d.silentSeconds + ' s';
      case 'node.degraded': {
        const why = [];
        if (d.underVoltage) why.push('under-voltage');
        if (d.throttled) why.push('throttled');
        if (d.tempCelsius) why.push(Number(d.tempCelsius).toFixed(1) + ' °C');
        if (d.diskFull) why.push('disk full (' + d.diskFull + ')');
        return why.length ? 'degraded: ' + why.join(', ') : 'degraded';
      }
      case 'node.up': return 'heartbeating, healthy';
      case 'node.edited': {
        const parts = [];
        if (d.name) parts.push('renamed ' + d.name.from + ' → ' + d.name.to);
        if (d.roles) parts.push('roles: ' + (d.roles.length ? d.roles.join(', ') : 'none'));
        if (d.labels) parts.push('labels: ' + (Object.keys(d.labels).length ? Object.entries(d.labels).map(x => x.join('=')).join(', ') : 'none'));
        if (d.location) parts.push('moved to ' + loc(d.location));
        return parts.join('; ') || 'edited';
      }
      case 'throttling.started': return 'throttling started: ' + Object.entries(d).filter(([, v]) => v === true).map(([k]) => k).join(', ');
      case 'throttling.stopped': return 'throttling stopped';
      default: return Object.keys(d).length ? Object.entries(d).map(([k, v]) => k + '=' + (typeof v === 'object' ? JSON.stringify(v) : v)).join(' ') : '';
    }
  }

  /** One timeline line; {@code withNode} adds a link to the node's page. */
  B.eventItem = (e, withNode, fresh) => h('li', { 'data-event-id': String(e.id), 'data-type': e.type, class: fresh ? 'ev-new' : null },
    h('span', { class: 'muted', title: e.at, text: B.time(e.at) }),
    withNode ? (e.node ? h('a', { href: '/nodes/' + encodeURIComponent(e.node), text: e.node }) : h('span', { class: 'muted', text: 'fleet' })) : null,
    h('span', { class: 'etype st-' + (STATE_OF[e.type] || 'none'), text: e.type }),
    h('span', {}, describe(e), e.actor && e.actor !== 'center' && !e.actor.startsWith('node:')
      ? h('span', { class: 'muted', text: ' — by ' + e.actor }) : null));
  B.describeEvent = describe;
})();
