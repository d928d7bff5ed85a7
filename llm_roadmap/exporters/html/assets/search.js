// search.js: topics and resources by relevance, in both languages. A query's
// words are matched as whole words in Latin scripts and by substring in
// Chinese (which has no spaces to split at). Ranked: an exact title first,
// then the title's words, any part of a title, concepts, summaries and
// notes, and last what only a topic's resources say. Choosing a result
// closes the list and opens the topic (or the topic that has the resource).

const WORD_SPLIT = /[^\p{L}\p{N}]+/u;
const HAN = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;
const MAX_RESULTS = 40;

function fold(s) { return String(s).normalize('NFKC').toLowerCase(); }

function both(value) { return same(value) ? [value] : value; }

function entry(titles, concepts, texts, extra) {
  const folded = titles.map(fold);
  return {
    titles: folded,
    words: folded.map(function (t) { return t.split(WORD_SPLIT).filter(Boolean); }),
    concepts: fold(concepts.join('\n')),
    texts: fold(texts.join('\n')),
    extra: fold(extra.join('\n')),
  };
}

const RESOURCE_TOPICS = Object.create(null);
D.topics.forEach(function (topic) {
  topic.resources.forEach(function (p) { (RESOURCE_TOPICS[p[0]] = RESOURCE_TOPICS[p[0]] || []).push(topic.id); });
});

function resourceText(id) {
  const r = own(D.resources, id);
  return r ? both(r.title).concat(both(r.description), r.authors || []) : [];
}

const INDEX = D.topics.map(function (topic) {
  let concepts = [], texts = both(topic.summary), extra = [];
  (topic.concepts || []).forEach(function (c) { concepts = concepts.concat(both(c)); });
  if (topic.note) texts = texts.concat(both(topic.note));
  topic.resources.forEach(function (p) {
    extra = extra.concat(resourceText(p[0]));
    if (p[3]) extra = extra.concat(both(p[3]));
  });
  const e = entry(both(topic.title), concepts, texts, extra);
  e.topic = topic;
  e.ids = [topic.id, topic.n];
  return e;
});

const RESOURCE_INDEX = Object.keys(D.resources).filter(function (id) {
  return RESOURCE_TOPICS[id];
}).map(function (id) {
  const r = D.resources[id];
  const e = entry(both(r.title), [], both(r.description).concat(r.authors || []), []);
  e.resource = id;
  e.ids = [id];
  return e;
});

function hasWord(e, term) {
  if (HAN.test(term)) return e.titles.some(function (t) { return t.indexOf(term) >= 0; });
  return e.words.some(function (words) { return words.indexOf(term) >= 0; });
}

// The tier of an entry for a query (lower is better), or -1 when it does not match.
function tier(e, query, terms) {
  const all = function (test) { return terms.every(test); };
  if (e.titles.indexOf(query) >= 0 || e.ids.indexOf(query) >= 0) return 0;
  if (all(function (t) { return hasWord(e, t); })) return 1;
  if (all(function (t) { return e.titles.some(function (x) { return x.indexOf(t) >= 0; }); })) return 2;
  if (all(function (t) { return e.concepts.indexOf(t) >= 0; })) return 3;
  if (all(function (t) { return e.texts.indexOf(t) >= 0; })) return 4;
  const whole = e.titles.join('\n') + '\n' + e.concepts + '\n' + e.texts + '\n' + e.extra;
  if (all(function (t) { return whole.indexOf(t) >= 0; })) return 5;
  return -1;
}

// Every match, best first: topics before resources of the same tier, then in roadmap order.
function search(text) {
  const query = fold(text).trim();
  const terms = query.split(/\s+/).filter(Boolean);
  if (!terms.length) return null;
  const found = [];
  INDEX.forEach(function (e, i) {
    const t = tier(e, query, terms);
    if (t >= 0) found.push({ tier: t, kind: 0, order: i, topic: e.topic });
  });
  RESOURCE_INDEX.forEach(function (e, i) {
    const t = tier(e, query, terms);
    if (t >= 0) found.push({ tier: t, kind: 1, order: i, resource: e.resource });
  });
  found.sort(function (a, b) { return a.tier - b.tier || a.kind - b.kind || a.order - b.order; });
  return found;
}

function showList(open) {
  $('search-results').hidden = !open;
  $('search').setAttribute('aria-expanded', String(open));
}

function resultButton(hit) {
  if (hit.topic) {
    const topic = hit.topic;
    return h('button', {
      type: 'button', class: 'linkish result', 'data-topic': topic.id,
      onclick: function () { choose(topic.id, null); },
    }, topic.n + ' ', dataText('span', topic.title));
  }
  const r = D.resources[hit.resource];
  const home = own(TOPICS, RESOURCE_TOPICS[hit.resource][0]);
  return h('button', {
    type: 'button', class: 'linkish result', 'data-resource': hit.resource,
    onclick: function () { choose(home.id, hit.resource); },
  }, dataText('span', r.title), ' ',
  h('span', { class: 'muted result-where' }, vocab('kind', r.kind) + ' · ' + home.n));
}

// On typing (an event) the list opens; when the page redraws, it stays as it was.
function runSearch(event) {
  const wasOpen = !$('search-results').hidden;
  state.query = $('search').value;
  const found = search(state.query);
  const list = $('search-results');
  list.textContent = '';
  if (found === null) {
    markMatches(null);
    $('search-status').textContent = '';
    showList(false);
    return;
  }
  const topics = found.filter(function (hit) { return hit.topic; });
  const ringed = Object.create(null);
  topics.forEach(function (hit) { ringed[hit.topic.id] = true; });
  found.forEach(function (hit) {
    if (hit.resource) RESOURCE_TOPICS[hit.resource].forEach(function (id) { ringed[id] = true; });
  });
  markMatches(Object.keys(ringed));
  $('search-status').textContent = found.length
    ? w('results', { topics: topics.length, resources: found.length - topics.length })
    : w('no_results');
  found.slice(0, MAX_RESULTS).forEach(function (hit) { list.appendChild(h('li', null, resultButton(hit))); });
  showList(found.length > 0 && (event ? true : wasOpen));
}

function choose(topicId, resourceId) {
  showList(false);
  openTopic(topicId, resourceId);
}

function moveInList(event) {
  const buttons = Array.prototype.slice.call(document.querySelectorAll('#search-results .result'));
  if (!buttons.length) return;
  const at = buttons.indexOf(document.activeElement);
  if (event.key === 'ArrowDown') buttons[Math.min(at + 1, buttons.length - 1)].focus();
  else if (event.key === 'ArrowUp') {
    if (at <= 0) $('search').focus();
    else buttons[at - 1].focus();
  } else return;
  event.preventDefault();
}

function initSearch() {
  const field = $('search');
  field.setAttribute('aria-controls', 'search-results');
  showList(false);
  field.addEventListener('input', runSearch);
  field.addEventListener('focus', function () {
    if ($('search-results').childElementCount) showList(true);
  });
  field.addEventListener('keydown', function (event) {
    if (event.key === 'Enter') {
      const first = document.querySelector('#search-results .result');
      if (first) first.click();
    } else if (event.key === 'Escape' && !$('search-results').hidden) {
      event.stopPropagation();
      showList(false);
    } else moveInList(event);
  });
  $('search-results').addEventListener('keydown', function (event) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      showList(false);
      field.focus();
    } else moveInList(event);
  });
  // A click anywhere else closes the list.
  document.addEventListener('pointerdown', function (event) {
    if (!event.target.closest('.search')) showList(false);
  });
}
