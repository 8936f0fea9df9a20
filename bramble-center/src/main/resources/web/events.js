// The events timeline: the fleet's history newest first, filtered by kind and node, paged and live.
'use strict';
(function () {
  const $ = id => document.getElementById(id);
  const KINDS = {
    membership: t => ['node.joined', 'node.reenrolled', 'node.left', 'node.retired'].includes(t),
    health: t => ['node.up', 'node.degraded', 'node.stale', 'node.down', 'node.off'].includes(t),
    throttling: t => t.startsWith('throttling.'),
    edits: t => t === 'node.edited',
    agent: t => !t.startsWith('node.') && !t.startsWith('throttling.'),
  };
  let events = []; // newest first
  const seen = new Set();
  let oldest = null;

  /** Adds events not seen yet, keeping the list newest first; the page, the stream and resyncs may overlap. */
  function merge(list) {
    const fresh = list.filter(e => !seen.has(e.id));
    fresh.forEach(e => seen.add(e.id));
    if (fresh.length) events = events.concat(fresh).sort((a, b) => b.id - a.id);
    return fresh;
  }

  B.header('events');

  function matches(e) {
    const kind = $('type-filter').value, node = $('node-filter').value.trim().toLowerCase();
    if (kind && !KINDS[kind](e.type)) return false;
    return !node || (e.node || '').includes(node);
  }

  function render() {
    const list = $('events');
    const shown = events.filter(matches);
    list.replaceChildren(...shown.map(e => B.eventItem(e, true)));
    if (!shown.length) list.append(B.h('li', { class: 'muted', text: events.length ? 'no events match' : 'no events yet' }));
  }

  async function page() {
    const data = await B.api('GET', '/api/v1/events?limit=200' + (oldest ? '&before=' + oldest : ''));
    merge(data.events);
    if (data.events.length) oldest = data.events[data.events.length - 1].id;
    $('older').hidden = data.events.length < 200;
    render();
  }

  $('type-filter').addEventListener('input', render);
  $('node-filter').addEventListener('input', render);
  $('older').addEventListener('click', () => page().catch(err => B.toast(err.message)));
  page().catch(err => B.toast('Cannot load events: ' + err.message));
  B.stream({
    event: e => {
      if (!merge([e]).length || !matches(e)) return;
      const list = $('events');
      list.querySelectorAll('li.muted').forEach(x => x.remove());
      list.prepend(B.eventItem(e, true, true));
    },
  }, () => {
    // whatever happened while the stream was closed: fetch the newest again, keeping what we have
    B.api('GET', '/api/v1/events?limit=200').then(data => { if (merge(data.events).length) render(); }).catch(() => {});
  });
})();
