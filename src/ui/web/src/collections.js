// Collections: the site's collection hierarchy laid out with dagre and drawn
// as SVG. Edges run from the collection that is depended on to the one that
// depends on it: limiting (grey), include (green), exclude (red, dashed).

import dagre from "@dagrejs/dagre";
import { get, post } from "./api.js";
import { $, h, s, replaceChildren } from "./dom.js";
import { attempt } from "./errors.js";
import { formatCount, formatMs } from "./util.js";

const NODE_W = 196;
const NODE_H = 44;
const NAME_CHARS = 27;
const MIN_ZOOM = 0.05;
const START_ZOOM = 0.8;
const MAX_ZOOM = 2;

export class Collections {
  constructor({ openRule }) {
    this.openRule = openRule;
    this.data = null;
    this.loading = false;
    this.zoom = 1;
    this.size = { width: 0, height: 0 };
    this.nodes = new Map(); // id -> <g>
    this.svg = null;
    $("collections-load").addEventListener("click", () => this.load());
    $("evaluate").addEventListener("click", () => this.evaluate());
    $("zoom-in").addEventListener("click", () => this.setZoom(this.zoom * 1.25));
    $("zoom-out").addEventListener("click", () => this.setZoom(this.zoom / 1.25));
    $("zoom-reset").addEventListener("click", () => this.setZoom(1));
    $("zoom-fit").addEventListener("click", () => this.setZoom(this.fitZoom(true)));
    $("graph-find-form").addEventListener("submit", (e) => {
      e.preventDefault();
      this.find($("graph-find").value);
    });
    $("graph-find").addEventListener("change", () => this.find($("graph-find").value));
    this.enablePanAndWheelZoom($("graph-wrap"));
  }

  /** Loads the collections unless they are loaded or loading. */
  ensureLoaded() {
    if (!this.data && !this.loading) this.load();
  }

  async load() {
    if (this.loading) return;
    this.loading = true;
    $("collections-load").disabled = true;
    this.status("Loading the collections…");
    const result = await attempt("Collections", () => get("/api/v1/collections"));
    this.loading = false;
    $("collections-load").disabled = false;
    if (!result) {
      this.status("Loading failed.");
      if (!this.data) $("graph-placeholder").textContent = "The collections could not be loaded; see the error above.";
      return;
    }
    this.data = {
      collections: Array.isArray(result.collections) ? result.collections : [],
      cycles: Array.isArray(result.cycles) ? result.cycles : [],
      broken: Array.isArray(result.broken) ? result.broken : [],
    };
    this.draw();
    this.status(`${formatCount(this.data.collections.length)} collections; click one to open its rule`);
  }

  status(text) {
    const el = $("collections-status");
    el.textContent = text;
    el.title = text;
  }

  async evaluate() {
    const progress = $("evaluate-progress");
    progress.hidden = false;
    $("evaluate").disabled = true;
    this.status("Evaluating every collection…");
    const result = await attempt("Evaluate site", () => post("/api/v1/collections/evaluate", {}));
    progress.hidden = true;
    $("evaluate").disabled = false;
    if (!result) {
      this.status("Evaluation failed.");
      return;
    }
    const counts = Array.isArray(result.collections) ? result.collections : [];
    let failed = 0;
    if (this.data) {
      const byId = new Map(this.data.collections.map((c) => [c.id, c]));
      for (const { id, members, errors } of counts) {
        const c = byId.get(id);
        if (c) c.members = members;
        const problems = Array.isArray(errors) ? errors.map(errorText) : [];
        if (problems.length > 0) failed += 1;
        const g = this.nodes.get(id);
        if (g && c) {
          g.querySelector(".node-meta").textContent = metaLine(c);
          g.setAttribute("aria-label", nodeLabel(c, this.problemIds.has(id) || problems.length > 0));
          g.querySelector("title").textContent = titleOf(c, problems);
          g.classList.add("updated");
          g.classList.toggle("failed", problems.length > 0);
        }
      }
    }
    this.status(`Evaluated ${formatCount(counts.length)} collections in ${formatMs(result.elapsed_ms)}`
      + (failed > 0 ? `; ${formatCount(failed)} with errors (hover them for details)` : ""));
    if (!this.data) this.load();
  }

  draw() {
    const { collections, cycles, broken } = this.data;
    const ids = new Set(collections.map((c) => c.id));
    const inCycle = new Set(cycles.flat());
    const brokenSet = new Set(broken);
    this.problemIds = new Set([...inCycle, ...brokenSet]);

    // Nodes go in by descending name: dagre then tends to list siblings
    // alphabetically from the top.
    const sorted = [...collections].sort((a, b) => String(b.name).localeCompare(String(a.name)));
    const g = new dagre.graphlib.Graph({ multigraph: true });
    g.setGraph({ rankdir: "LR", nodesep: 10, ranksep: 56, edgesep: 6, marginx: 12, marginy: 12 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const c of sorted) g.setNode(c.id, { width: NODE_W, height: NODE_H });

    const edges = [];
    const missing = new Set();
    const addEdge = (from, to, kind) => {
      if (from === to) return;
      if (!ids.has(from)) missing.add(from);
      edges.push({ from, to, kind });
    };
    for (const c of sorted) {
      if (c.limiting) addEdge(c.limiting, c.id, "limiting");
      for (const id of c.includes || []) addEdge(id, c.id, "include");
      for (const id of c.excludes || []) addEdge(id, c.id, "exclude");
    }
    for (const id of missing) g.setNode(id, { width: NODE_W, height: NODE_H });
    edges.forEach((e, i) => g.setEdge(e.from, e.to, { weight: e.kind === "limiting" ? 2 : 1 }, `${e.kind}-${i}`));
    dagre.layout(g);

    const width = Math.ceil(g.graph().width || 0);
    const height = Math.ceil(g.graph().height || 0);
    this.size = { width, height };

    // Edges by the collections they touch, to light them up on hover/focus.
    this.edgesOf = new Map();
    const touch = (id, el) => {
      if (!this.edgesOf.has(id)) this.edgesOf.set(id, []);
      this.edgesOf.get(id).push(el);
    };
    const edgeEls = edges.map((e, i) => {
      const layout = g.edge(e.from, e.to, `${e.kind}-${i}`);
      const el = s("path", { class: `edge edge-${e.kind}`, d: pathOf(layout.points), "marker-end": `url(#arrow-${e.kind})`, "data-from": e.from, "data-to": e.to });
      touch(e.from, el);
      touch(e.to, el);
      return el;
    });

    this.nodes = new Map();
    const nodeEls = [];
    for (const c of collections) {
      const n = g.node(c.id);
      const problem = this.problemIds.has(c.id);
      const el = s("g", {
        class: `node${problem ? " problem" : ""}`,
        transform: `translate(${n.x - NODE_W / 2},${n.y - NODE_H / 2})`,
        tabindex: "0",
        role: "button",
        "data-id": c.id,
        "aria-label": nodeLabel(c, problem),
      },
      s("title", null, titleOf(c, [])),
      s("rect", { width: NODE_W, height: NODE_H, rx: 6, ry: 6 }),
      s("text", { class: "node-name", x: 8, y: 18 }, truncate(c.name || c.id, NAME_CHARS)),
      s("text", { class: "node-meta", x: 8, y: 35 }, metaLine(c)));
      const activate = () => this.activate(c);
      el.addEventListener("click", activate);
      el.addEventListener("mouseenter", () => this.light(c.id, true));
      el.addEventListener("mouseleave", () => this.light(c.id, false));
      el.addEventListener("focus", () => this.light(c.id, true));
      el.addEventListener("blur", () => this.light(c.id, false));
      el.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          activate();
        }
      });
      this.nodes.set(c.id, el);
      nodeEls.push(el);
    }
    for (const id of missing) {
      const n = g.node(id);
      nodeEls.push(s("g", { class: "ghost", transform: `translate(${n.x - NODE_W / 2},${n.y - NODE_H / 2})`, "data-id": id },
        s("title", null, `${id} is referenced but does not exist`),
        s("rect", { width: NODE_W, height: NODE_H, rx: 6, ry: 6 }),
        s("text", { class: "node-name", x: 8, y: 18 }, id),
        s("text", { class: "node-meta", x: 8, y: 35 }, "missing collection")));
    }

    const marker = (kind) => s("marker", { id: `arrow-${kind}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" },
      s("path", { d: "M0,0 L10,5 L0,10 z", class: `arrowhead-${kind}` }));

    this.svg = s("svg", {
      class: "graph",
      "data-testid": "collections-graph",
      xmlns: "http://www.w3.org/2000/svg",
      viewBox: `0 0 ${width} ${height}`,
      role: "group",
      "aria-label": `Collection graph: ${collections.length} collections`,
    },
    s("defs", null, marker("limiting"), marker("include"), marker("exclude")),
    s("g", { class: "edges" }, edgeEls),
    s("g", { class: "nodes" }, nodeEls));

    const wrap = $("graph-wrap");
    replaceChildren(wrap, this.svg);
    this.setZoom(Math.max(START_ZOOM, this.fitZoom(false)));
    // Start at the root with the most collections under it, at the left.
    const children = new Map();
    for (const e of edges) if (e.kind === "limiting") children.set(e.from, (children.get(e.from) || 0) + 1);
    const root = collections.filter((c) => !c.limiting).sort((a, b) => (children.get(b.id) || 0) - (children.get(a.id) || 0))[0];
    wrap.scrollLeft = 0;
    wrap.scrollTop = root ? g.node(root.id).y * this.zoom - wrap.clientHeight / 2 : 0;

    this.drawProblems(cycles, broken, collections);
    replaceChildren($("collection-options"), collections.map((c) => h("option", { value: c.id }, c.name)));
  }

  drawProblems(cycles, broken, collections) {
    const byId = new Map(collections.map((c) => [c.id, c]));
    const box = $("collections-problems");
    const link = (id) => h("button", { type: "button", class: "link", onclick: () => this.reveal(id) }, byId.has(id) ? `${byId.get(id).name} (${id})` : id);
    const items = [];
    for (const cycle of cycles) {
      const parts = [];
      cycle.forEach((id, i) => {
        if (i > 0) parts.push(" → ");
        parts.push(link(id));
      });
      if (cycle.length > 0) parts.push(" → ", link(cycle[0]));
      items.push(h("li", null, h("strong", null, "Cycle: "), parts));
    }
    for (const id of broken) {
      const c = byId.get(id);
      items.push(h("li", null, h("strong", null, "Missing limiting collection: "), link(id),
        c && c.limiting ? ` is limited to ${c.limiting}, which does not exist` : ""));
    }
    box.hidden = items.length === 0;
    replaceChildren(box, items.length ? h("ul", null, items) : null);
  }

  /** Highlights (or not) the edges and neighbours of a collection. */
  light(id, on) {
    for (const edge of this.edgesOf.get(id) || []) {
      edge.classList.toggle("lit", on);
      const other = edge.dataset.from === id ? edge.dataset.to : edge.dataset.from;
      const node = this.nodes.get(other);
      if (node) node.classList.toggle("lit", on);
    }
  }

  activate(c) {
    const rules = c.rules || [];
    if (rules.length === 0 || !rules[0].wql) {
      this.status(`${c.name} (${c.id}) has no query rule to open.`);
      return;
    }
    this.status(`Opened "${rules[0].name}" of ${c.name} (${c.id}) in the editor.`);
    this.openRule(rules[0].wql, c);
  }

  /** The zoom that fits the graph's width (or all of it) in the view. */
  fitZoom(whole) {
    const wrap = $("graph-wrap");
    const { width, height } = this.size;
    if (!width || !height) return 1;
    const byWidth = (wrap.clientWidth - 4) / width;
    const z = whole ? Math.min(byWidth, (wrap.clientHeight - 4) / height) : byWidth;
    return Math.max(MIN_ZOOM, Math.min(1, z));
  }

  /** Sets the zoom, keeping the point at (cx, cy) of the view in place. */
  setZoom(zoom, cx, cy) {
    if (!this.svg) return;
    const wrap = $("graph-wrap");
    const old = this.zoom;
    this.zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, zoom));
    const px = cx === undefined ? wrap.clientWidth / 2 : cx;
    const py = cy === undefined ? wrap.clientHeight / 2 : cy;
    const gx = (wrap.scrollLeft + px) / old;
    const gy = (wrap.scrollTop + py) / old;
    this.svg.setAttribute("width", String(Math.round(this.size.width * this.zoom)));
    this.svg.setAttribute("height", String(Math.round(this.size.height * this.zoom)));
    wrap.scrollLeft = gx * this.zoom - px;
    wrap.scrollTop = gy * this.zoom - py;
    $("zoom-reset").textContent = `${Math.round(this.zoom * 100)}%`;
  }

  /** Scrolls a collection's node into the middle of the view and focuses it. */
  reveal(id) {
    const el = this.nodes.get(id);
    if (!el) {
      this.status(`No collection ${id} in the graph.`);
      return;
    }
    const wrap = $("graph-wrap");
    const box = el.getBBox();
    const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(el.getAttribute("transform"));
    const x = (Number(m[1]) + box.width / 2) * this.zoom;
    const y = (Number(m[2]) + box.height / 2) * this.zoom;
    wrap.scrollLeft = x - wrap.clientWidth / 2;
    wrap.scrollTop = y - wrap.clientHeight / 2;
    for (const other of this.nodes.values()) other.classList.remove("found");
    el.classList.add("found");
    el.focus({ preventScroll: true });
  }

  find(text) {
    const q = text.trim().toLowerCase();
    if (!q || !this.data) return;
    const cs = this.data.collections;
    const hit = cs.find((c) => c.id.toLowerCase() === q)
      || cs.find((c) => (c.name || "").toLowerCase() === q)
      || cs.find((c) => (c.name || "").toLowerCase().includes(q) || c.id.toLowerCase().includes(q));
    if (hit) this.reveal(hit.id);
    else this.status(`No collection matches "${text.trim()}".`);
  }

  enablePanAndWheelZoom(wrap) {
    wrap.addEventListener("wheel", (e) => {
      if (!e.ctrlKey || !this.svg) return;
      e.preventDefault();
      const rect = wrap.getBoundingClientRect();
      this.setZoom(this.zoom * (e.deltaY < 0 ? 1.1 : 1 / 1.1), e.clientX - rect.left, e.clientY - rect.top);
    }, { passive: false });
    let drag = null;
    wrap.addEventListener("pointerdown", (e) => {
      if (e.button !== 0 || e.target.closest("g.node")) return;
      drag = { x: e.clientX, y: e.clientY, left: wrap.scrollLeft, top: wrap.scrollTop, id: e.pointerId };
      wrap.setPointerCapture(e.pointerId);
      wrap.classList.add("panning");
    });
    wrap.addEventListener("pointermove", (e) => {
      if (!drag || e.pointerId !== drag.id) return;
      wrap.scrollLeft = drag.left - (e.clientX - drag.x);
      wrap.scrollTop = drag.top - (e.clientY - drag.y);
    });
    const end = (e) => {
      if (!drag || e.pointerId !== drag.id) return;
      drag = null;
      wrap.classList.remove("panning");
    };
    wrap.addEventListener("pointerup", end);
    wrap.addEventListener("pointercancel", end);
  }
}

function titleOf(c, errors) {
  const lines = [`${c.name} (${c.id})`];
  if (c.limiting) lines.push(`limited to ${c.limiting}`);
  lines.push(`${(c.rules || []).length} query rule(s)`);
  for (const e of errors) lines.push(`error: ${e}`);
  return lines.join("\n");
}

/** An evaluation error as text: a diagnostic, or a plain message. */
function errorText(e) {
  if (typeof e === "string") return e;
  if (e && typeof e === "object") return e.message ? `${e.code ? `${e.code}: ` : ""}${e.message}` : JSON.stringify(e);
  return String(e);
}

function metaLine(c) {
  const members = typeof c.members === "number" ? `${formatCount(c.members)} member${c.members === 1 ? "" : "s"}` : "not evaluated";
  return `${c.id} · ${members}`;
}

function nodeLabel(c, problem) {
  const members = typeof c.members === "number" ? `${c.members} members` : "members not evaluated";
  return `${c.name} (${c.id}), ${members}${c.limiting ? `, limited to ${c.limiting}` : ""}${problem ? ", has a problem" : ""}`;
}

function truncate(text, n) {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

/** An SVG path through dagre's edge points, smoothed with quadratic curves. */
function pathOf(points) {
  if (!points || points.length === 0) return "";
  const f = (n) => Math.round(n * 10) / 10;
  let d = `M${f(points[0].x)},${f(points[0].y)}`;
  if (points.length === 2) return `${d} L${f(points[1].x)},${f(points[1].y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i];
    const next = points[i + 1];
    const mx = i === points.length - 2 ? next.x : (p.x + next.x) / 2;
    const my = i === points.length - 2 ? next.y : (p.y + next.y) / 2;
    d += ` Q${f(p.x)},${f(p.y)} ${f(mx)},${f(my)}`;
  }
  return d;
}
