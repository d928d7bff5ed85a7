// search.js: finds topics by any text of theirs or their resources, in both
// languages, by substring: it needs no word breaks, so Chinese works as English.

function fold(s) { return String(s).normalize('NFKC').toLowerCase(); }

function both(value) { return same(value) ? [value] : value; }

const INDEX = D.topics.map(function (topic) {
  let parts = [topic.id, topic.n].concat(both(topic.title), both(topic.summary));
  (topic.concepts || []).forEach(function (c) { parts = parts.concat(both(c)); });
  if (topic.note) parts = parts.concat(both(topic.note));
  topic.resources.forEach(function (p) {
    const r = own(D.resources, p[0]);
    if (!r) return;
    parts = parts.concat(p[0], both(r.title), both(r.description), r.authors || []);
  });
  return { topic: topic, text: fold(parts.join('\n')) };
});

function findTopics(query) {
  const terms = fold(query).split(/\s+/).filter(Boolean);
  if (!terms.length) return null;
  return INDEX.filter(function (entry) {
    return terms.every(function (t) { return entry.text.indexOf(t) >= 0; });
  }).map(function (entry) { return entry.topic; });
}

function runSearch() {
  state.query = $('search').value;
  const found = findTopics(state.query);
  const list = $('search-results');
  list.textContent = '';
  markMatches(found && found.map(function (t) { return t.id; }));
  if (found === null) {
    $('search-status').textContent = '';
    return;
  }
  $('search-status').textContent = found.length ? w('results', { count: found.length }) : w('no_results');
  found.forEach(function (topic) {
    list.appendChild(h('li', null, h('button', {
      type: 'button', class: 'linkish result', 'data-topic': topic.id,
      onclick: function () { openTopic(topic.id); },
    }, topic.n + ' ', dataText('span', topic.title))));
  });
}
