// Parse a Mermaid diagram from stdin with the real mermaid library and print
// what it understood as JSON: the diagram type, each node's label, each
// subgraph's title and nodes, and each edge. Used by test_export_mermaid.py.
// Node resolves imports next to the script: copy it beside a node_modules with mermaid and jsdom.
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

let text = "";
for await (const chunk of process.stdin) text += chunk;
// Mermaid keeps entity codes (#quot;) as placeholders until it renders; turn
// them back into HTML entities as its renderer does (decodeEntities).
const decode = (s) => s.replace(/ﬂ°°/g, "&#").replace(/ﬂ°/g, "&").replace(/¶ß/g, ";");
try {
  await mermaid.parse(text);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db;
  const vertices = {};
  for (const [id, vertex] of db.getVertices()) vertices[id] = decode(vertex.text);
  const subgraphs = db.getSubGraphs().map((s) => ({ id: s.id, title: decode(s.title), nodes: s.nodes }));
  const edges = db.getEdges().map((e) => [e.start, e.end]);
  console.log(JSON.stringify({ ok: true, type: diagram.type, vertices, subgraphs, edges }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: String(error && error.message ? error.message : error) }));
}
