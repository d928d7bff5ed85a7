// graph.js: the tracks as bands, the topics as buttons, the prerequisites as
// SVG edges. The layout comes from the export (one per width, rows and
// horizontal positions); the page measures the boxes of each row, sets the row to
// the tallest, and places rows and edges from those heights, so a title is
// never cut, whatever the font of the reader. Below the narrowest layout the graph
// becomes a flow: one column per track, each topic saying what it needs.
// Keyboard moves between topics with a roving tabindex.

const LAYOUTS = D.graph.layouts;
const METRICS = D.graph.metrics;
const view = { layout: null, flow: false, order: D.topics.slice(), edges: [] };

function px(el, props) {
  Object.keys(props).forEach(function (key) { el.style[key] = props[key] + 'px'; });
}

function clearBox(el) {
  ['left', 'top', 'width', 'height'].forEach(function (key) { el.style[key] = ''; });
}

// A progress bar with its words; the study hours, when known, beside them (on a line of their own in a band).
function bar(counts, label, hours) {
  const pct = counts.total ? Math.round((100 * counts.done) / counts.total) : 0;
  const fill = h('span', { class: 'bar-fill' });
  fill.style.width = pct + '%';
  return h('span', { class: 'bar-wrap' },
    h('span', {
      class: 'bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': counts.total,
      'aria-valuenow': counts.done, 'aria-label': hours ? label + ' · ' + hours : label,
    }, fill),
    h('span', { class: 'bar-text' }, label),
    hours ? h('span', { class: 'bar-text bar-hours' }, hours) : null);
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

function bandOf(trackId) {
  return document.querySelector('.band[data-track="' + CSS.escape(trackId) + '"]');
}

function buildGraph() {
  const host = $('graph');
  host.textContent = '';
  const canvas = h('div', {
    class: 'canvas', id: 'canvas', role: 'group', 'aria-labelledby': 'graph-title',
    'aria-describedby': 'graph-help',
  });
  host.appendChild(canvas);
  D.tracks.forEach(function (track) {
    canvas.appendChild(h('section', { class: 'band emph-' + track.emphasis, 'data-track': track.id },
      h('div', { class: 'band-head' })));
  });
  const edges = svg('svg', { class: 'edges', 'aria-hidden': 'true', focusable: 'false' });
  const defs = svg('defs');
  ['arrow', 'arrow-lit'].forEach(function (id) {
    const marker = svg('marker', {
      id: id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9,
      markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse',
    });
    marker.appendChild(svg('path', { d: 'M0 0L10 5L0 10z', class: id }));
    defs.appendChild(marker);
  });
  edges.appendChild(defs);
  // One element per prerequisite edge, whatever the layout: the same in every view.
  view.edges = LAYOUTS[0].edges.map(function (e) {
    return edges.appendChild(svg('path', {
      class: e[2] ? 'edge cross' : 'edge', 'data-from': e[0], 'data-to': e[1], 'marker-end': 'url(#arrow)',
    }));
  });
  canvas.appendChild(edges);
  D.topics.forEach(function (topic) {
    const node = h('button', {
      type: 'button', class: 'node box emph-' + topic.emphasis, 'data-topic': topic.id, tabindex: -1,
      onclick: function () { openTopic(topic.id); },
      onfocus: function () { lightUp(topic.id); }, onblur: function () { lightUp(null); },
      onmouseenter: function () { lightUp(topic.id); },
      onmouseleave: function () { lightUp(null); },
    },
    h('span', { class: 'node-title', 'aria-hidden': 'true' },
      h('span', { class: 'node-n' }, topic.n + ' '), dataText('span', topic.title, { class: 'node-text' })),
    h('span', { class: 'node-needs', 'aria-hidden': 'true' }),
    h('span', { class: 'node-mark', 'aria-hidden': 'true' }));
    bandOf(topic.track).appendChild(node);
  });
  canvas.addEventListener('keydown', onGraphKey);
  window.addEventListener('resize', function () {
    if (view.pending) return;
    view.pending = true;
    window.requestAnimationFrame(function () { view.pending = false; fitGraph(); });
  });
}

function nodeOf(id) {
  return document.querySelector('.node[data-topic="' + CSS.escape(id) + '"]');
}

// The widest layout that fits the box of the graph; the flow below the narrowest width laid out.
function chooseLayout() {
  const width = $('graph').clientWidth;
  if (width < D.graph.phone) return null;
  for (let i = 0; i < LAYOUTS.length; i++) {
    if (LAYOUTS[i].w <= width) return LAYOUTS[i];
  }
  return LAYOUTS[LAYOUTS.length - 1];
}

// Reading order: row by row, left to right.
function readingOrder(layout) {
  const at = layout.nodes;
  return D.topics.slice().sort(function (a, b) {
    return at[a.id][2] - at[b.id][2] || at[a.id][0] - at[b.id][0];
  });
}

// Pick the view for the width of the screen and draw it; called on load, on resize, after texts change.
function fitGraph() {
  const layout = chooseLayout();
  const flow = layout === null;
  const host = $('graph');
  if (flow !== view.flow || layout !== view.layout || !view.built) {
    const active = document.activeElement;
    view.flow = flow;
    view.layout = layout;
    view.built = true;
    // The flow keeps the order of each track (their numbers), a learning order.
    view.order = flow ? D.topics.slice() : readingOrder(layout);
    host.classList.toggle('flow', flow);
    document.body.classList.toggle('flow', flow);
    host.setAttribute('data-layout', flow ? 'flow' : 'graph');
    // The boxes in reading order inside their bands: the flow shows them in this order.
    view.order.forEach(function (topic) { bandOf(topic.track).appendChild(nodeOf(topic.id)); });
    let previous = null;
    view.order.forEach(function (topic) {
      const follows = previous !== null && previous.track === topic.track &&
        (topic.prerequisites || []).indexOf(previous.id) >= 0;
      nodeOf(topic.id).classList.toggle('follows', follows);
      previous = topic;
    });
    const roving = document.querySelector('.node[tabindex="0"]');
    if (!roving) nodeOf(view.order[0].id).tabIndex = 0;
    if (active && active.classList && active.classList.contains('node')) active.focus();
  }
  if (flow) unplace();
  else placeGraph(layout);
  besidePanel(state.open);
}

function unplace() {
  const canvas = $('canvas');
  clearBox(canvas);
  document.querySelectorAll('#canvas .band, #canvas .band-head, #canvas .node').forEach(clearBox);
}

// Rows from measured heights: the same sum as row_tops in the exporter.
function rowTops(layout, heights) {
  const tops = [], bands = Object.create(null);
  let y = METRICS.top;
  layout.rows.forEach(function (row, i) {
    const band = row[0];
    const first = i === 0 || layout.rows[i - 1][0] !== band;
    const last = i + 1 === layout.rows.length || layout.rows[i + 1][0] !== band;
    if (first) { bands[band] = [y, 0]; y += METRICS.padTop; }
    tops.push(y);
    y += heights[i];
    if (last) { y += METRICS.padBottom; bands[band][1] = y; y += METRICS.bandGap; }
    else y += first ? METRICS.headGap : METRICS.rowGap;
  });
  return { tops: tops, bands: bands, height: y - METRICS.bandGap + METRICS.top };
}

function edgePath(points) {
  let d = 'M' + points[0][0] + ' ' + points[0][1];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1], b = points[i];
    if (i % 2) {
      const mid = (a[1] + b[1]) / 2;
      d += 'C' + a[0] + ' ' + mid + ' ' + b[0] + ' ' + mid + ' ' + b[0] + ' ' + b[1];
    } else d += 'L' + b[0] + ' ' + b[1];
  }
  return d;
}

function placeGraph(layout) {
  const canvas = $('canvas');
  const nodes = D.topics.map(function (t) { return [nodeOf(t.id), layout.nodes[t.id]]; });
  const heads = D.tracks.map(function (t) {
    return [bandOf(t.id).querySelector('.band-head'), layout.heads[t.id]];
  });
  // Write the widths, then read every natural height at once, then write positions.
  nodes.concat(heads).forEach(function (pair) {
    pair[0].style.height = '';
    px(pair[0], { width: pair[1][1] });
  });
  const heights = layout.rows.map(function (row) { return row[1] ? METRICS.minHead : METRICS.minNode; });
  const measured = nodes.concat(heads).map(function (pair) {
    return [pair, Math.ceil(pair[0].getBoundingClientRect().height)];
  });
  measured.forEach(function (m) {
    const row = m[0][1][2];
    heights[row] = Math.max(heights[row], m[1]);
  });
  const at = rowTops(layout, heights);
  px(canvas, { width: layout.w, height: at.height });
  const bandX = layout.band[0], bandW = layout.band[1];
  D.tracks.forEach(function (track) {
    const extent = at.bands[track.id];
    px(bandOf(track.id), { left: bandX, top: extent[0], width: bandW, height: extent[1] - extent[0] });
  });
  nodes.concat(heads).forEach(function (pair) {
    const el = pair[0], box = pair[1];
    const bandTop = at.bands[layout.rows[box[2]][0]][0];
    px(el, { left: box[0] - bandX, top: at.tops[box[2]] - bandTop, height: heights[box[2]] });
  });
  const edges = document.querySelector('#canvas .edges');
  edges.setAttribute('width', layout.w);
  edges.setAttribute('height', at.height);
  const paths = view.edges;
  layout.edges.forEach(function (e, i) {
    const route = e[4], points = [];
    for (let k = 0; k < route.length; k += 2) {
      const x = route[k], row = route[k + 1];
      if (k === 0) points.push([x, at.tops[row] + heights[row]]);
      else if (k === route.length - 2) points.push([x, at.tops[row]]);
      else { points.push([x, at.tops[row]]); points.push([x, at.tops[row] + heights[row]]); }
    }
    if (e[3]) points.reverse();
    paths[i].setAttribute('d', edgePath(points));
  });
}

const POSITION = Object.create(null);
D.topics.forEach(function (t, i) { POSITION[t.id] = i; });

// The prerequisites of a topic by number, for the flow.
function needsLine(topic) {
  const names = (topic.prerequisites || []).filter(function (p) { return own(TOPICS, p); })
    .sort(function (a, b) { return POSITION[a] - POSITION[b]; })
    .map(function (p) { return TOPICS[p].n + ' ' + tx(TOPICS[p].title); });
  return names.length ? w('needs', { list: names.join(w('list_sep')) }) : '';
}

// Statuses, bars and labels change with progress and language; the rows follow the texts.
function refreshGraph() {
  D.topics.forEach(function (topic) {
    const node = nodeOf(topic.id);
    if (!node) return;
    const status = topicStatus(topic);
    STATUSES.forEach(function (s) { node.classList.toggle('is-' + s, s === status); });
    node.querySelector('.node-mark').textContent = glyph(status);
    node.querySelector('.node-text').textContent = tx(topic.title);
    node.querySelector('.node-needs').textContent = needsLine(topic);
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
    const head = bandOf(track.id).querySelector('.band-head');
    head.textContent = '';
    append(head, [h('h3', { class: 'band-title' }, h('span', { class: 'band-n' }, track.n),
      ' ', dataText('span', track.title), ' ', emphasisTag(track.emphasis)),
    h('span', { class: 'band-bar' }, bar(counts, w('progress_of', counts),
      hoursText(track.topics.map(function (id) { return TOPICS[id]; }))))]);
  });
  const overall = $('overall');
  overall.textContent = '';
  overall.appendChild(h('span', { class: 'overall-label' }, w('progress')));
  overall.appendChild(bar({ done: done, total: total },
    w('progress_of', { done: done, total: total }), hoursText(D.topics)));
  fitGraph();
  lightUp(null);
}

// The edges of a topic drawn in colour, and last, so that no edge sharing their way covers them;
// with no topic pointed at, those of the open topic.
function lightUp(id) {
  if (id === null) id = state.open;
  view.edges.forEach(function (edge) {
    const on = id !== null && (edge.getAttribute('data-from') === id || edge.getAttribute('data-to') === id);
    edge.classList.toggle('lit', on);
    edge.setAttribute('marker-end', on ? 'url(#arrow-lit)' : 'url(#arrow)');
    if (on) edge.parentNode.appendChild(edge);
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
// nearest topic in the row above or below (in the flow: the previous or next);
// Home/End: the first or last.
function onGraphKey(event) {
  const node = event.target.closest && event.target.closest('.node');
  if (!node) return;
  const order = view.order;
  const topic = own(TOPICS, node.getAttribute('data-topic'));
  const index = order.indexOf(topic);
  let next = null;
  const vertical = event.key === 'ArrowDown' || event.key === 'ArrowUp';
  if (event.key === 'ArrowRight' || (vertical && view.flow && event.key === 'ArrowDown')) {
    next = order[Math.min(index + 1, order.length - 1)];
  } else if (event.key === 'ArrowLeft' || (vertical && view.flow)) {
    next = order[Math.max(index - 1, 0)];
  } else if (event.key === 'Home') next = order[0];
  else if (event.key === 'End') next = order[order.length - 1];
  else if (vertical) {
    const at = view.layout.nodes;
    const step = event.key === 'ArrowDown' ? 1 : -1;
    const x = at[topic.id][0];
    const last = at[order[order.length - 1].id][2];
    let best = null;
    for (let row = at[topic.id][2] + step; row >= 0 && row <= last && !best; row += step) {
      order.forEach(function (t) {
        if (at[t.id][2] === row && (!best || Math.abs(at[t.id][0] - x) < Math.abs(at[best.id][0] - x))) best = t;
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
