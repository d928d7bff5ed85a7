// progress.js: the learner's progress in localStorage, in the CLI's JSON layout
// (llm_roadmap/progress.schema.json), merged, derived and moved in and out as files.

const KEY = 'llm-roadmap-progress';
const FORMAT = 'llm-roadmap-progress';
const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;
const store = { ok: true, memory: null };

function stamp() { return new Date().toISOString(); }

function blank() {
  return { format: FORMAT, version: 1, updated: stamp(), resources: {}, topics: {} };
}

// [whole seconds since 1970, fraction digits padded to 9]: compares times of any precision.
function timeKey(at) {
  const m = TIME_RE.exec(at);
  if (!m) return null;
  const whole = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  if (isNaN(whole)) return null;
  return [whole, (m[7] || '').padEnd(9, '0').slice(0, 9)];
}

function newer(a, b) {
  const x = timeKey(a), y = timeKey(b);
  if (x === null || y === null) return false;
  return x[0] !== y[0] ? x[0] > y[0] : x[1] > y[1];
}

function isObject(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }

// The reason a decoded document is not a progress file, or null when it is one.
function problem(doc) {
  if (!isObject(doc) || doc.format !== FORMAT) return w('not_progress');
  if (doc.version !== 1) return 'version ' + String(doc.version);
  if (doc.updated !== undefined && (typeof doc.updated !== 'string' || !timeKey(doc.updated))) {
    return 'updated';
  }
  const sections = ['resources', 'topics'];
  for (let i = 0; i < sections.length; i++) {
    const entries = doc[sections[i]];
    if (entries === undefined) continue;
    if (!isObject(entries)) return sections[i];
    const ids = Object.keys(entries);
    for (let j = 0; j < ids.length; j++) {
      const e = entries[ids[j]];
      const where = sections[i] + '.' + ids[j];
      if (!ID_RE.test(ids[j]) || !isObject(e)) return where;
      if (Object.keys(e).some(function (k) { return k !== 'status' && k !== 'at'; })) return where;
      if (STATUSES.indexOf(e.status) < 0 || typeof e.at !== 'string' || !timeKey(e.at)) {
        return where;
      }
    }
  }
  return null;
}

function normal(doc) {
  return {
    format: FORMAT, version: 1, updated: doc.updated || stamp(),
    resources: Object.assign({}, doc.resources || {}), topics: Object.assign({}, doc.topics || {}),
  };
}

function readStore() {
  let raw = null;
  try { raw = window.localStorage.getItem(KEY); } catch (e) { store.ok = false; }
  if (raw === null) return store.memory ? normal(store.memory) : blank();
  try {
    const doc = JSON.parse(raw);
    if (problem(doc) === null) return normal(doc);
  } catch (e) { /* damaged: kept aside below */ }
  // Never silently lose a learner's data: the damaged text stays under another key.
  try { window.localStorage.setItem(KEY + '.damaged', raw); } catch (e) { store.ok = false; }
  return blank();
}

let P = readStore();

function save() {
  P.updated = stamp();
  store.memory = P;
  try { window.localStorage.setItem(KEY, JSON.stringify(P)); } catch (e) { store.ok = false; }
}

// Per id, the entry with the newest time wins; a tie keeps ours; unknown ids are kept.
function merge(incoming) {
  let changed = 0;
  ['resources', 'topics'].forEach(function (section) {
    const theirs = incoming[section] || {};
    Object.keys(theirs).forEach(function (id) {
      const ours = own(P[section], id);
      if (!ours || newer(theirs[id].at, ours.at)) {
        P[section][id] = { status: theirs[id].status, at: theirs[id].at };
        changed += 1;
      }
    });
  });
  return changed;
}

function mark(section, id, status) {
  P[section][id] = { status: status, at: stamp() };
  save();
}

function resourceStatus(id) {
  const e = own(P.resources, id);
  return e ? e.status : STATUS.PENDING;
}

function explicitStatus(id) {
  const e = own(P.topics, id);
  return e && e.status !== STATUS.PENDING ? e.status : null;
}

function settled(status) { return status === STATUS.DONE || status === STATUS.SKIPPED; }

// The CLI's rule (llm_roadmap.progress): done when every core resource is done
// or skipped and every pick-one group has a member that is, with at least one
// such requirement; learning when any resource is learning or done; else pending.
function derivedStatus(topic) {
  let required = 0, met = 0, started = false;
  const groups = Object.create(null);
  topic.resources.forEach(function (p) {
    const status = resourceStatus(p[0]);
    if (status === STATUS.LEARNING || status === STATUS.DONE) started = true;
    if (p[1] === ROLE.CORE) {
      required += 1;
      if (settled(status)) met += 1;
    } else if (p[1] === ROLE.ALTERNATIVE) {
      const group = p[2] || p[0];
      groups[group] = groups[group] || settled(status);
    }
  });
  Object.keys(groups).forEach(function (g) { required += 1; if (groups[g]) met += 1; });
  if (required && met === required) return STATUS.DONE;
  return started ? STATUS.LEARNING : STATUS.PENDING;
}

function topicStatus(topic) { return explicitStatus(topic.id) || derivedStatus(topic); }

function trackCounts(track) {
  let done = 0;
  track.topics.forEach(function (id) { if (settled(topicStatus(TOPICS[id]))) done += 1; });
  return { done: done, total: track.topics.length };
}

const HAS_HOURS = D.topics.some(function (t) {
  return t.resources.some(function (p) { return typeof p[4] === 'number'; });
});

// The study time of a topic: its core resources and one of each pick-one group
// (the member done or skipped, else the first), split into done and left;
// skipped ones count in neither. unknown: some of them have no time.
function topicHours(topic) {
  const status = topicStatus(topic);
  const required = [], groups = Object.create(null), order = [];
  topic.resources.forEach(function (p) {
    if (p[1] === ROLE.CORE) required.push(p);
    else if (p[1] === ROLE.ALTERNATIVE) {
      const g = p[2] || p[0];
      if (!groups[g]) { groups[g] = []; order.push(g); }
      groups[g].push(p);
    }
  });
  order.forEach(function (g) {
    const chosen = groups[g].filter(function (p) { return settled(resourceStatus(p[0])); });
    required.push(chosen.length ? chosen[0] : groups[g][0]);
  });
  const out = { done: 0, left: 0, unknown: false, known: false };
  required.forEach(function (p) {
    const hours = p[4], mine = resourceStatus(p[0]);
    out.known = out.known || typeof hours === 'number';
    if (typeof hours !== 'number') out.unknown = true;
    else if (status === STATUS.DONE || mine === STATUS.DONE) out.done += hours;
    else if (status !== STATUS.SKIPPED && mine !== STATUS.SKIPPED) out.left += hours;
  });
  return out;
}

// The hours done and left of some topics, for a progress bar; nothing where no time is known.
function hoursText(topics) {
  if (!HAS_HOURS) return '';
  let done = 0, left = 0, unknown = false, known = false;
  topics.forEach(function (topic) {
    const t = topicHours(topic);
    done += t.done; left += t.left; unknown = unknown || t.unknown; known = known || t.known;
  });
  if (!known) return '';
  const round = function (x) { return Math.round(x * 10) / 10; };
  return w('hours_of', { done: round(done), left: round(left) }) + (unknown ? w('hours_partial') : '');
}

function sortedEntries(entries) {
  const out = {};
  Object.keys(entries).sort().forEach(function (id) { out[id] = entries[id]; });
  return out;
}

function exportProgress() {
  const doc = {
    format: FORMAT, version: 1, updated: stamp(),
    resources: sortedEntries(P.resources), topics: sortedEntries(P.topics),
  };
  const blob = new Blob([JSON.stringify(doc, null, 2) + '\n'], { type: 'application/json' });
  const a = document.createElement('a');
  a.download = 'llm-roadmap-progress.json';
  a.href = URL.createObjectURL(blob);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(function () { URL.revokeObjectURL(a.href); }, 0);
}

function importText(textValue) {
  let doc;
  try { doc = JSON.parse(textValue); } catch (e) {
    return { error: w('import_failed', { reason: w('not_json') }) };
  }
  const why = problem(doc);
  if (why !== null) return { error: w('import_failed', { reason: why }) };
  const changed = merge(doc);
  save();
  return { message: w('imported', { count: changed }) };
}

// Progress embedded at export time (--progress) joins what this browser holds, by the same rule.
if (D.progress && problem(D.progress) === null) {
  if (merge(D.progress)) save();
}
