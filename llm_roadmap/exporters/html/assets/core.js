// core.js: the data, the words, and the only ways this script makes DOM nodes.
// Every text from the data goes through textContent or setAttribute; nothing
// is ever parsed as markup, and only http(s) URLs become links.

const D = JSON.parse(document.getElementById('roadmap-data').textContent);
const STATUS = D.enums.status;
const ROLE = D.enums.role;
const EMPHASIS = D.enums.emphasis;
const STATUSES = [STATUS.PENDING, STATUS.LEARNING, STATUS.DONE, STATUS.SKIPPED];
const MARKS = [STATUS.DONE, STATUS.LEARNING, STATUS.SKIPPED];
const LANG_KEY = 'llm-roadmap-lang';

// The language the reader chose last (kept in localStorage), else that of the export.
function startLang() {
  let chosen = null;
  try { chosen = window.localStorage.getItem(LANG_KEY); } catch (e) { chosen = null; }
  if (chosen === 'zh' || chosen === 'en') return chosen;
  return D.lang === 'zh' ? 'zh' : 'en';
}

const state = { lang: startLang(), open: null, query: '', focus: null };
const TOPICS = Object.create(null);
D.topics.forEach(function (t) { TOPICS[t.id] = t; });
const TRACKS = Object.create(null);
D.tracks.forEach(function (t) { TRACKS[t.id] = t; });
const NEEDED_BY = Object.create(null);
D.topics.forEach(function (t) {
  (t.prerequisites || []).forEach(function (p) { (NEEDED_BY[p] = NEEDED_BY[p] || []).push(t.id); });
});

function own(map, key) {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

function $(id) { return document.getElementById(id); }

function htmlLang(lang) { return lang === 'zh' ? 'zh-Hans' : 'en'; }

// A text of the data: one string for both languages, or a [zh, en] pair.
function tx(value, lang) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return value[(lang || state.lang) === 'zh' ? 0 : 1];
}

function same(value) { return typeof value === 'string'; }

function w(key, vars) {
  let s = tx(D.words[key]);
  if (vars) {
    Object.keys(vars).forEach(function (k) { s = s.split('{' + k + '}').join(String(vars[k])); });
  }
  return s;
}

function vocab(kind, value) {
  const entry = own(D.vocab[kind], value);
  return entry === undefined ? String(value) : tx(entry);
}

function advice(emphasis) { return tx(D.advice[emphasis]); }

function safeUrl(url) {
  if (typeof url !== 'string' || !/^https?:\/\/\S+$/i.test(url)) return null;
  let parsed;
  try { parsed = new URL(url); } catch (e) { return null; }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
}

function append(parent, kids) {
  kids.forEach(function (kid) {
    if (kid === null || kid === undefined || kid === false) return;
    if (Array.isArray(kid)) append(parent, kid);
    else if (typeof kid === 'string' || typeof kid === 'number') {
      parent.appendChild(document.createTextNode(String(kid)));
    } else parent.appendChild(kid);
  });
}

// h('p', {class: 'x', onclick: f}, 'text', child...): attribute values are
// set with setAttribute, so a hostile value stays a value.
function h(tag, props) {
  const el = document.createElement(tag);
  if (props) {
    Object.keys(props).forEach(function (key) {
      const value = props[key];
      if (value === null || value === undefined || value === false) return;
      if (key === 'class') el.className = value;
      else if (typeof value === 'function' && key.slice(0, 2) === 'on') {
        el.addEventListener(key.slice(2), value);
      } else if (key === 'href' || key.slice(0, 2) === 'on' || key === 'style' || key === 'src') {
        throw new Error('refused attribute ' + key);
      } else el.setAttribute(key, value === true ? '' : String(value));
    });
  }
  append(el, Array.prototype.slice.call(arguments, 2));
  return el;
}

function svg(tag, attrs) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  Object.keys(attrs || {}).forEach(function (key) { el.setAttribute(key, String(attrs[key])); });
  return el;
}

// A link to an http(s) URL, or the label as plain text (with a word why) for any other.
function link(url, label, props) {
  const href = safeUrl(url);
  if (href === null) {
    // The label in its own isolate: a direction override in it stops at its end.
    return h('span', { class: 'unlinked' }, h('bdi', null, label), ' ',
      h('span', { class: 'muted' }, w('no_link')));
  }
  // data-url keeps the URL as written (the href is normalised), for print.
  const a = h('a', Object.assign({ rel: 'noopener noreferrer', target: '_blank', 'data-url': url },
    props || {}), label);
  a.href = href;
  return a;
}

// A data text in an element that isolates its direction, so a right-to-left
// or override character in a title cannot reorder the words around it.
function dataText(tag, value, props) {
  return h(tag, Object.assign({ dir: 'auto' }, props || {}), tx(value));
}

const GLYPH = {};
GLYPH[STATUS.DONE] = '\u2713';
GLYPH[STATUS.LEARNING] = '\u25D0';
GLYPH[STATUS.SKIPPED] = '\u21B7';

function glyph(status) { return GLYPH[status] || ''; }

function resourceUrl(resource) {
  const url = resource.url;
  if (Array.isArray(url)) return url[state.lang === 'zh' ? 0 : 1];
  return url;
}
