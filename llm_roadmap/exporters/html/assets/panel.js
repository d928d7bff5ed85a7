// panel.js: one topic in full (summary, concepts, resources with their role,
// pick-one groups, details and links) with its progress controls; and the
// resource entries the text outline reuses.

function joinNames(names, cut) {
  const shown = names.slice(0, 3).join(w('list_sep'));
  return names.length > 3 || cut ? shown + ' ' + w('et_al') : shown;
}

function languageName(code) {
  const base = String(code).split('-')[0].toLowerCase();
  const named = own(D.languages, base);
  return named === undefined ? String(code) : tx(named);
}

function details(resource) {
  const parts = [];
  if (resource.authors) parts.push(joinNames(resource.authors, resource.authors_cut));
  if (resource.year) parts.push(String(resource.year));
  parts.push(vocab('kind', resource.kind));
  if (resource.level) parts.push(vocab('level', resource.level));
  if (String(resource.language).split('-')[0].toLowerCase() !== state.lang) {
    parts.push(w('in_language', { language: languageName(resource.language) }));
  }
  parts.push(resource.paid ? w('paid') : w('free'));
  return parts.join(' · ');
}

function markButtons(section, id, current, labelText) {
  return h('span', { class: 'marks', role: 'group', 'aria-label': labelText },
    MARKS.map(function (status) {
      return h('button', {
        type: 'button', class: 'mark mark-' + status, 'aria-pressed': String(current === status),
        'data-mark': status,
        onclick: function () {
          mark(section, id, current === status ? STATUS.PENDING : status);
          progressChanged(section === 'topics' ? id : null, status);
        },
      }, h('span', { 'aria-hidden': 'true' }, glyph(status) + ' '), vocab('status', status));
    }));
}

// One resource: its link, role, details, description, note, other links, and
// (in the panel) the buttons that mark it.
function resourceItem(placement, withMarks) {
  const id = placement[0], role = placement[1], note = placement[3];
  const resource = own(D.resources, id);
  if (!resource) return null;
  const status = resourceStatus(id);
  const title = tx(resource.title);
  const titleLang = same(resource.title) ? htmlLang(String(resource.language).split('-')[0]) : null;
  const item = h('li', { class: 'res is-' + status, 'data-resource': id },
    h('div', { class: 'res-head' },
      h('span', { class: 'res-mark', 'aria-hidden': 'true' }, glyph(status)),
      link(resourceUrl(resource), title, { class: 'res-title', dir: 'auto', lang: titleLang }),
      role === ROLE.ALTERNATIVE ? null : h('span', { class: 'tag role-' + role }, vocab('role', role))),
    h('p', { class: 'res-details' }, details(resource)),
    typeof placement[4] === 'number' ? h('p', { class: 'res-hours' },
      w('study_time', { hours: placement[4] }),
      placement[5] ? w('study_basis', { basis: tx(placement[5]) }) : null) : null,
    dataText('p', resource.description, { class: 'res-desc' }),
    note ? h('p', { class: 'res-note' }, h('strong', null, w('note') + ': '), dataText('span', note)) : null,
    resource.links ? h('div', { class: 'res-links' }, h('span', null, w('links') + ': '),
      h('ul', null, resource.links.map(function (l) {
        return h('li', null, link(l[0], tx(l[1]), { dir: 'auto' }));
      }))) : null,
    withMarks ? markButtons('resources', id, status, w('mark') + ' ' + title) : null,
    withMarks ? null : h('span', { class: 'print-status' }, vocab('status', status)));
  return item;
}

// Core and optional resources in order; each pick-one group as one item where its first member is.
function resourceList(topic, withMarks) {
  const list = h('ul', { class: 'resources' });
  const seen = Object.create(null);
  topic.resources.forEach(function (placement) {
    if (placement[1] === ROLE.ALTERNATIVE && placement[2]) {
      const group = placement[2];
      if (seen[group]) return;
      seen[group] = true;
      const members = topic.resources.filter(function (p) {
        return p[1] === ROLE.ALTERNATIVE && p[2] === group;
      });
      list.appendChild(h('li', { class: 'group' },
        h('p', { class: 'group-title' }, h('span', { class: 'tag role-' + ROLE.ALTERNATIVE },
          vocab('role', ROLE.ALTERNATIVE)), ' ', w('pick_one')),
        h('ul', { class: 'resources' }, members.map(function (p) { return resourceItem(p, withMarks); }))));
      return;
    }
    const item = resourceItem(placement, withMarks);
    if (item) list.appendChild(item);
  });
  return list;
}

function topicButton(id) {
  const topic = own(TOPICS, id);
  if (!topic) return null;
  return h('li', null, h('button', {
    type: 'button', class: 'linkish', onclick: function () { openTopic(id); },
  }, h('span', { 'aria-hidden': 'true' }, glyph(topicStatus(topic)) + ' '), topic.n + ' ', dataText('span', topic.title)));
}

function adviceBlock(emphasis, note) {
  const sentence = advice(emphasis);
  if (!sentence && !note) return null;
  return h('p', { class: 'advice' }, h('strong', null, w('advice') + ': '),
    sentence, sentence && note ? ' ' : '', note ? dataText('span', note) : null);
}

function renderPanel() {
  const panel = $('panel');
  panel.textContent = '';
  const topic = state.open && own(TOPICS, state.open);
  if (!topic) return;
  const track = own(TRACKS, topic.track);
  const status = topicStatus(topic);
  const explicit = explicitStatus(topic.id);
  const needed = NEEDED_BY[topic.id] || [];
  panel.appendChild(h('div', { class: 'panel-head' },
    h('button', { type: 'button', class: 'close', id: 'panel-close', onclick: closePanel, 'aria-label': w('close') }, '\u00D7'),
    h('p', { class: 'panel-track' }, w('track') + ' ' + track.n + ' · ', dataText('span', track.title)),
    h('h2', { id: 'panel-title', tabindex: '-1', class: 'emph-' + topic.emphasis },
      topic.n + ' ', dataText('span', topic.title)),
    emphasisTag(topic.emphasis)));
  panel.appendChild(h('div', { class: 'panel-status' },
    h('p', null, h('strong', null, w('topic_status') + ': '),
      h('span', { class: 'status-now is-' + status }, glyph(status) + ' ' + vocab('status', status)),
      explicit ? null : ' ' + w('derived')),
    markButtons('topics', topic.id, explicit, w('mark') + ' ' + tx(topic.title))));
  panel.appendChild(dataText('p', topic.summary, { class: 'summary' }));
  panel.appendChild(adviceBlock(topic.emphasis, topic.note) || document.createTextNode(''));
  if (topic.concepts) {
    panel.appendChild(h('h3', null, w('concepts')));
    panel.appendChild(h('ul', { class: 'concepts' }, topic.concepts.map(function (c) { return dataText('li', c); })));
  }
  if (topic.prerequisites) {
    panel.appendChild(h('h3', null, w('prerequisites')));
    panel.appendChild(h('ul', { class: 'topic-links' }, topic.prerequisites.map(topicButton)));
  }
  if (needed.length) {
    panel.appendChild(h('h3', null, w('needed_by')));
    panel.appendChild(h('ul', { class: 'topic-links' }, needed.map(topicButton)));
  }
  panel.appendChild(h('h3', null, w('resources')));
  panel.appendChild(resourceList(topic, true));
}

// Open the panel of a topic; with a resource, show that resource in it and move the focus there.
function openTopic(id, resourceId) {
  if (!own(TOPICS, id)) return;
  state.open = id;
  renderPanel();
  const panel = $('panel');
  panel.hidden = false;
  document.body.classList.add('panel-open');
  refreshGraph();
  panel.scrollTop = 0;
  besidePanel(id);
  const item = resourceId
    ? panel.querySelector('[data-resource="' + CSS.escape(resourceId) + '"]') : null;
  if (item) {
    item.classList.add('chosen');
    item.scrollIntoView({ block: 'center' });
    const target = item.querySelector('a') || item;
    if (target === item) item.tabIndex = -1;
    target.focus({ preventScroll: true });
  } else $('panel-title').focus();
}

// The panel lies over the right of the page: slide the graph left, as far as
// needed, so the open topic stays in sight beside it (not in the flow, where
// the panel covers the whole screen).
function besidePanel(id) {
  const canvas = $('canvas');
  canvas.style.transform = '';
  const node = nodeOf(id);
  if (!id || view.flow || !node) return;
  const edge = $('panel').getBoundingClientRect().left - 24;
  const right = node.getBoundingClientRect().right;
  if (right > edge && edge > 320) canvas.style.transform = 'translateX(' + Math.round(edge - right) + 'px)';
}

function closePanel() {
  const id = state.open;
  state.open = null;
  besidePanel(null);
  $('panel').hidden = true;
  $('panel').textContent = '';
  document.body.classList.remove('panel-open');
  refreshGraph();
  if (id) focusNode(id);
}

// After a mark: redraw what shows statuses, and keep the focus on the button pressed.
function progressChanged(topicId, status) {
  const active = document.activeElement;
  const res = active && active.closest && active.closest('[data-resource]');
  const key = res ? res.getAttribute('data-resource') : null;
  renderPanel();
  refreshGraph();
  renderOutline();
  let again = null;
  if (key) again = document.querySelector('#panel [data-resource="' + CSS.escape(key) + '"] [data-mark="' + CSS.escape(status) + '"]');
  else if (topicId) again = document.querySelector('#panel .panel-status [data-mark="' + CSS.escape(status) + '"]');
  if (again) again.focus();
}

document.addEventListener('keydown', function (event) {
  if (event.key === 'Escape' && state.open && !$('panel').hidden) {
    event.preventDefault();
    closePanel();
  }
});
