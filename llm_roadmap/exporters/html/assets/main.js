// main.js: the header, the legend and the language switch; everything with
// text is drawn again on a switch, in the other language.

function renderHeader() {
  document.title = w('title');
  $('page-title').textContent = w('title');
  $('counts').textContent = w('counts', D.counts);
  $('skip').textContent = w('outline');
  const switcher = $('lang-switch');
  switcher.textContent = '';
  switcher.setAttribute('aria-label', w('language'));
  ['zh', 'en'].forEach(function (code) {
    switcher.appendChild(h('button', {
      type: 'button', lang: htmlLang(code), 'aria-pressed': String(state.lang === code),
      'data-lang': code, onclick: function () { setLang(code); },
    }, w('lang_' + code)));
  });
  $('search-label').textContent = w('search');
  $('search').setAttribute('placeholder', w('search_hint'));
  $('export-progress').textContent = w('export_progress');
  $('import-progress').textContent = w('import_progress');
  $('graph-title').textContent = w('graph');
  $('graph-help').textContent = w('graph_help');
  $('footer').textContent = w('generated', { version: D.version });
  if (!store.ok) $('progress-status').textContent = w('storage_off');
}

function legendItem(cls, mark, label, itemClass) {
  return h('li', { class: itemClass || null }, h('span', { class: 'sample ' + cls, 'aria-hidden': 'true' }, mark),
    h('span', null, label));
}

// The emphases' advice sentences are in each topic's panel; the legend stays one or two lines.
function renderLegend() {
  const host = $('legend');
  host.textContent = '';
  host.appendChild(h('h2', { id: 'legend-title', class: 'visually-hidden' }, w('legend')));
  host.appendChild(h('ul', { class: 'legend-list', 'aria-label': w('emphasis') },
    h('li', { class: 'legend-head' }, w('emphasis')),
    Object.keys(D.advice).map(function (e) {
      return legendItem('box emph-' + e, '', vocab('emphasis', e));
    })));
  host.appendChild(h('ul', { class: 'legend-list', 'aria-label': w('status_marker') },
    h('li', { class: 'legend-head' }, w('status_marker')),
    MARKS.map(function (s) { return legendItem('box is-' + s, glyph(s), vocab('status', s)); }),
    legendItem('line', '', w('edge_local'), 'legend-edge'),
    legendItem('line cross', '', w('edge_cross'), 'legend-edge')));
}

function renderAll() {
  document.documentElement.lang = htmlLang(state.lang);
  renderHeader();
  renderLegend();
  refreshGraph();
  renderOutline();
  if (state.open) renderPanel();
  if (state.query) runSearch();
}

function setLang(code) {
  state.lang = code;
  try { window.localStorage.setItem(LANG_KEY, code); } catch (e) { /* kept for this visit only */ }
  renderAll();
  const again = document.querySelector('#lang-switch [data-lang="' + code + '"]');
  if (again) again.focus();
}

function init() {
  buildGraph();
  renderAll();
  initSearch();
  $('export-progress').addEventListener('click', exportProgress);
  $('import-progress').addEventListener('click', function () { $('import-file').click(); });
  $('import-file').addEventListener('change', function () {
    const file = this.files && this.files[0];
    if (!file) return;
    const input = this;
    file.text().then(function (content) {
      const result = importText(content);
      $('progress-status').textContent = result.error || result.message;
      refreshGraph();
      renderOutline();
      if (state.open) renderPanel();
      input.value = '';
    });
  });
  window.addEventListener('storage', function (event) {
    if (event.key !== KEY) return;
    P = readStore();
    refreshGraph();
    renderOutline();
    if (state.open) renderPanel();
  });
}

init();
