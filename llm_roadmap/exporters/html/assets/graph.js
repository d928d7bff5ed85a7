// graph.js: the tracks as bands, the topics as buttons, the prerequisites as
// SVG edges, all at the positions computed at export time; keyboard moves
// between topics with a roving tabindex.

const ORDER = D.topics.slice().sort(function (a, b) {
  return a.box[1] - b.box[1] || a.box[0] - b.box[0];
});

function place(el, box) {
  el.style.left = box[0] + 'px';
  el.style.top = box[1] + 'px';
  el.style.width = box[2] + 'px';
  el.style.height = box[3] + 'px';
}

function bar(counts, label) {
  const pct = counts.total ? Math.round((100 * counts.done) / counts.total) : 0;
  const fill = h('span', { class: 'bar-fill' });
  fill.style.width = pct + '%';
  return h('span', { class: 'bar-wrap' },
    h('span', {
      class: 'bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': counts.total,
      'aria-valuenow': counts.done, 'aria-label': label,
    }, fill),
    h('span', { class: 'bar-text' }, label));
}

function emphasisTag(emphasis) {
  if (emphasis === EMPHASIS.STANDARD) return null;
  return h('span', { class: 'tag emph-' + emphasis }, vocab('emphasis', emphasis));
}

function nodeLabel(topic, status) {
  const parts = [topic.n, tx(topic.title)];
  if (topic.emphasis !== EMPHASIS.STANDARD) parts.push(vocab('emphasis', topic.emphasis));
  parts.push(vocab('status', status));
  return parts.join(' · ');
}

function buildGraph() {
  const host = $('graph');
  host.textContent = '';
  const canvas = h('div', {
    class: 'canvas', id: 'canvas', role: 'group', 'aria-labelledby': 'graph-title',
    'aria-describedby': 'graph-help',
  });
  canvas.style.width = D.graph.w + 'px';
  canvas.style.height = D.graph.h + 'px';
  D.tracks.forEach(function (track) {
    const band = h('div', { class: 'band emph-' + track.emphasis, 'data-track': track.id },
      h('div', { class: 'band-head' }));
    place(band, track.box);
    canvas.appendChild(band);
  });
  const edges = svg('svg', {
    class: 'edges', width: D.graph.w, height: D.graph.h, 'aria-hidden': 'true', focusable: 'false',
  });
  const defs = svg('defs');
  const marker = svg('marker', {
    id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9,
    markerUnits: 'userSpaceOnUse',
    orient: 'auto-start-reverse',
  });
  marker.appendChild(svg('path', { d: 'M0 0L10 5L0 10z', class: 'arrow' }));
  defs.appendChild(marker);
  edges.appendChild(defs);
  D.graph.edges.forEach(function (e) {
    edges.appendChild(svg('path', {
      d: e[2], class: e[3] ? 'edge cross' : 'edge', 'data-from': e[0], 'data-to': e[1], 'marker-end': 'url(#arrow)',
    }));
  });
  canvas.appendChild(edges);
  ORDER.forEach(function (topic, index) {
    const node = h('button', {
      type: 'button', class: 'node box emph-' + topic.emphasis, 'data-topic': topic.id,
      tabindex: index === 0 ? 0 : -1, onclick: function () { openTopic(topic.id); },
      onfocus: function () { lightUp(topic.id); }, onmouseenter: function () { lightUp(topic.id); },
      onmouseleave: function () { lightUp(null); },
    },
    h('span', { class: 'node-title', 'aria-hidden': 'true' },
      h('span', { class: 'node-n' }, topic.n + ' '), dataText('span', topic.title, { class: 'node-text' })),
    h('span', { class: 'node-mark', 'aria-hidden': 'true' }));
    place(node, topic.box);
    canvas.appendChild(node);
  });
  canvas.addEventListener('keydown', onGraphKey);
  host.appendChild(canvas);
  refreshGraph();
}

function nodeOf(id) {
  return document.querySelector('.node[data-topic="' + CSS.escape(id) + '"]');
}

// Statuses, bars and labels change with progress and language, not the layout.
function refreshGraph() {
  D.topics.forEach(function (topic) {
    const node = nodeOf(topic.id);
    if (!node) return;
    const status = topicStatus(topic);
    STATUSES.forEach(function (s) { node.classList.toggle('is-' + s, s === status); });
    node.querySelector('.node-mark').textContent = glyph(status);
    node.querySelector('.node-text').textContent = tx(topic.title);
    node.setAttribute('aria-label', nodeLabel(topic, status));
    node.title = tx(topic.title);
    node.classList.toggle('open', state.open === topic.id);
    if (state.open === topic.id) node.setAttribute('aria-current', 'true');
    else node.removeAttribute('aria-current');
  });
  let done = 0, total = 0;
  D.tracks.forEach(function (track) {
    const counts = trackCounts(track);
    done += counts.done;
    total += counts.total;
    const head = document.querySelector('.band[data-track="' + CSS.escape(track.id) + '"] .band-head');
    if (head) {
      head.textContent = '';
      append(head, [h('span', { class: 'band-n' }, track.n),
        dataText('span', track.title, { class: 'band-title' }),
        emphasisTag(track.emphasis),
        h('span', { class: 'band-bar' }, bar(counts, w('progress_of', counts)))]);
    }
  });
  const overall = $('overall');
  overall.textContent = '';
  overall.appendChild(h('span', { class: 'overall-label' }, w('progress')));
  overall.appendChild(bar({ done: done, total: total }, w('progress_of', { done: done, total: total })));
}

function lightUp(id) {
  document.querySelectorAll('.edge').forEach(function (edge) {
    const on = id !== null && (edge.getAttribute('data-from') === id || edge.getAttribute('data-to') === id);
    edge.classList.toggle('lit', on);
  });
}

function focusNode(id) {
  const node = nodeOf(id);
  if (!node) return;
  document.querySelectorAll('.node').forEach(function (n) { n.tabIndex = -1; });
  node.tabIndex = 0;
  node.focus();
  node.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}

// Left/right: the previous or next topic in reading order; up/down: the
// nearest topic in the row above or below; Home/End: the first or last.
function onGraphKey(event) {
  const node = event.target.closest && event.target.closest('.node');
  if (!node) return;
  const topic = own(TOPICS, node.getAttribute('data-topic'));
  const index = ORDER.indexOf(topic);
  let next = null;
  if (event.key === 'ArrowRight') next = ORDER[Math.min(index + 1, ORDER.length - 1)];
  else if (event.key === 'ArrowLeft') next = ORDER[Math.max(index - 1, 0)];
  else if (event.key === 'Home') next = ORDER[0];
  else if (event.key === 'End') next = ORDER[ORDER.length - 1];
  else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    const step = event.key === 'ArrowDown' ? 1 : -1;
    const x = topic.box[0];
    const last = ORDER[ORDER.length - 1].row;
    let best = null;
    for (let row = topic.row + step; row >= 0 && row <= last && !best; row += step) {
      ORDER.forEach(function (t) {
        if (t.row === row && (!best || Math.abs(t.box[0] - x) < Math.abs(best.box[0] - x))) best = t;
      });
    }
    next = best;
  } else return;
  event.preventDefault();
  if (next) focusNode(next.id);
}

function markMatches(ids) {
  document.querySelectorAll('.node').forEach(function (node) {
    const id = node.getAttribute('data-topic');
    node.classList.toggle('match', ids !== null && ids.indexOf(id) >= 0);
    node.classList.toggle('dim', ids !== null && ids.indexOf(id) < 0);
  });
}
