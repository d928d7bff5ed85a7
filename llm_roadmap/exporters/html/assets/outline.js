// outline.js: the whole roadmap as a text document below the graph; it is
// also what printing gives (see the print stylesheet), with every title and link.

function renderOutline() {
  const host = $('outline');
  host.textContent = '';
  host.appendChild(h('h2', { id: 'outline-title' }, w('outline')));
  host.appendChild(h('p', { class: 'help' }, w('outline_help')));
  D.tracks.forEach(function (track) {
    const section = h('section', { class: 'out-track', id: 'track-' + track.id },
      h('h3', null, track.n + '. ', dataText('span', track.title), ' ', emphasisTag(track.emphasis)),
      dataText('p', track.summary),
      adviceBlock(track.emphasis, track.note));
    track.topics.forEach(function (id) {
      const topic = own(TOPICS, id);
      const status = topicStatus(topic);
      const prerequisites = (topic.prerequisites || []).map(function (p) {
        const other = own(TOPICS, p);
        return other ? other.n + ' ' + tx(other.title) : p;
      });
      section.appendChild(h('article', { class: 'out-topic is-' + status, id: 'topic-' + topic.id },
        h('h4', null, topic.n + ' ', dataText('span', topic.title), ' ', emphasisTag(topic.emphasis),
          h('span', { class: 'print-status' }, vocab('status', status)),
          h('button', {
            type: 'button', class: 'linkish open-topic', onclick: function () { openTopic(topic.id); },
            'aria-label': w('open_topic') + ' ' + topic.n,
          }, w('open_topic'))),
        dataText('p', topic.summary),
        topic.concepts ? h('p', null, h('strong', null, w('concepts') + ': '),
          topic.concepts.map(function (c) { return tx(c); }).join(' · ')) : null,
        prerequisites.length ? h('p', null, h('strong', null, w('prerequisites') + ': '),
          prerequisites.join(w('list_sep'))) : null,
        adviceBlock(topic.emphasis, topic.note),
        resourceList(topic, false)));
    });
    host.appendChild(section);
  });
}
