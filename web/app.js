/*
 * app.js - storyline's web page: a story list, story pages (timeline
 * chart, copy graph, articles with their outlets, entity facets), article
 * pages with their provenance, and search. Plain JavaScript over the JSON
 * API under /api/ (docs/http-api.md); no framework, nothing fetched from
 * elsewhere. Pages are chosen by the URL fragment (#/story/12), so the
 * server serves one HTML file. Text from the store is only ever set with
 * textContent, never parsed as HTML.
 */
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const KINDS = ["reprint", "excerpt", "partial", "spun", "update"];
const KIND_COLOR = {
  reprint: "#c0392b", excerpt: "#8e44ad", partial: "#d35400",
  spun: "#16a085", update: "#2c7be5"
};
const ENTITY_TYPES = { PER: "People", ORG: "Organisations", LOC: "Places" };

/* ---- small helpers ---------------------------------------------------- */

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const kid of kids) {
    if (kid === null || kid === undefined) continue;
    e.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return e;
}

function svg(tag, attrs, ...kids) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const kid of kids) if (kid) e.append(kid);
  return e;
}

function fmtDay(ms) {
  if (!ms) return "";
  return new Date(ms).toISOString().slice(0, 10);
}

function fmtTime(ms) {
  if (!ms) return "";
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

function plural(n, one, many) {
  return n + " " + (n === 1 ? one : many);
}

async function api(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await r.json();
  } catch (e) {
    body = null;
  }
  if (!r.ok) {
    const msg = body && body.error ? body.error.message : r.statusText;
    throw new Error(r.status + ": " + msg);
  }
  return body;
}

function main() {
  return document.getElementById("main");
}

function show(...nodes) {
  const m = main();
  m.replaceChildren(...nodes);
  window.scrollTo(0, 0);
}

function showError(err) {
  show(el("p", { class: "error", id: "error", text: String(err.message || err) }));
}

function kindBadge(kind) {
  return kind ? el("span", { class: "badge " + kind, text: kind }) : null;
}

/* ---- routing ---------------------------------------------------------- */

function parseHash() {
  const h = location.hash.replace(/^#/, "") || "/";
  const [path, query] = h.split("?");
  const params = new URLSearchParams(query || "");
  return { parts: path.split("/").filter(Boolean), params };
}

async function route() {
  const { parts, params } = parseHash();
  document.getElementById("q").value = params.get("q") || "";
  try {
    if (parts[0] === "story" && parts[1]) {
      await storyPage(parts[1]);
    } else if (parts[0] === "article" && parts[1]) {
      await articlePage(decodeURIComponent(parts[1]));
    } else if (parts[0] === "search") {
      await searchPage(params);
    } else {
      await storyList(params);
    }
  } catch (err) {
    showError(err);
  }
}

/* ---- the story list --------------------------------------------------- */

function storyCard(s) {
  return el("li", { class: "story", "data-id": s.id },
    el("a", { class: "title", href: "#/story/" + s.id, text: s.title || "(untitled)" }),
    el("div", { class: "meta" },
      plural(s.articles, "article", "articles") + " · " +
      plural(s.sources, "outlet", "outlets") + " · " +
      fmtDay(s.first_ms) + (s.last_ms !== s.first_ms ? " to " + fmtDay(s.last_ms) : "")));
}

async function storyList(params) {
  const sort = params.get("sort") || "newest";
  const q = params.get("q") || "";
  const offset = Number(params.get("offset") || 0);
  const qs = new URLSearchParams({ sort, limit: "20", offset: String(offset) });
  if (q) qs.set("q", q);
  const data = await api("/api/stories?" + qs);
  const select = el("select", { id: "sort", "aria-label": "Order" },
    el("option", { value: "newest", text: "Newest first" }),
    el("option", { value: "size", text: "Largest first" }));
  select.value = sort;
  select.addEventListener("change", () => {
    const p = new URLSearchParams({ sort: select.value });
    if (q) p.set("q", q);
    location.hash = "#/?" + p;
  });
  const nav = el("div", { class: "controls" }, select,
    el("span", { class: "meta", text: plural(data.total, "story", "stories") +
      (q ? " mentioning \u201c" + q + "\u201d" : "") }));
  if (offset > 0) {
    const p = new URLSearchParams({ sort, offset: String(Math.max(0, offset - 20)) });
    if (q) p.set("q", q);
    nav.append(el("a", { href: "#/?" + p, text: "\u2190 Newer" }));
  }
  if (data.more) {
    const p = new URLSearchParams({ sort, offset: String(offset + 20) });
    if (q) p.set("q", q);
    nav.append(el("a", { href: "#/?" + p, id: "next", text: "More \u2192" }));
  }
  const list = el("ul", { class: "cards", id: "stories" }, ...data.items.map(storyCard));
  if (data.items.length === 0) list.append(el("li", { class: "empty", text: "No stories yet." }));
  show(el("h1", { text: q ? "Stories" : "Latest stories" }), nav, list);
  document.title = "storyline";
}

/* ---- search ----------------------------------------------------------- */

/* The store marks matched words [like this]; show them as <mark>. */
function snippet(text) {
  const p = el("div", { class: "snippet" });
  const parts = String(text || "").split(/(\[[^\]]*\])/);
  for (const part of parts) {
    if (part.startsWith("[") && part.endsWith("]")) p.append(el("mark", { text: part.slice(1, -1) }));
    else if (part) p.append(document.createTextNode(part));
  }
  return p;
}

async function searchPage(params) {
  const q = (params.get("q") || "").trim();
  if (!q) {
    location.hash = "#/";
    return;
  }
  const qs = new URLSearchParams({ q, limit: "20" });
  const [hits, stories] = await Promise.all([
    api("/api/search?" + qs),
    api("/api/stories?" + new URLSearchParams({ q, limit: "10" })).catch(() => null)
  ]);
  const nodes = [el("h1", { text: "Search: " + q })];
  if (stories && stories.items.length) {
    nodes.push(el("h2", { text: "Stories" }),
      el("ul", { class: "cards", id: "story-hits" }, ...stories.items.map(storyCard)));
  }
  nodes.push(el("h2", { text: "Articles" }));
  const list = el("ul", { class: "cards", id: "hits" });
  for (const h of hits.items) {
    list.append(el("li", {},
      el("a", { class: "title", href: "#/article/" + h.id, text: h.title || "(untitled)" }),
      el("div", { class: "meta", text: [h.source, h.published].filter(Boolean).join(" · ") }),
      snippet(h.snippet)));
  }
  if (!hits.items.length) list.append(el("li", { class: "empty", text: "Nothing found." }));
  nodes.push(list);
  show(...nodes);
  document.title = q + " - storyline";
}

/* ---- charts ----------------------------------------------------------- */

function timeScale(lo, hi, x0, x1) {
  if (hi <= lo) {
    lo -= 3600e3;
    hi += 3600e3;
  }
  return (t) => x0 + (x1 - x0) * (t - lo) / (hi - lo);
}

/* Articles per day (or per hour for a story of under two days) as bars,
 * each article as a dot above its bucket, and the timeline's dated
 * events, when the story has them, as gold marks with their labels. */
function timelineChart(story) {
  const W = 720, H = 200, L = 36, R = 12, T = 14, B = 34;
  const times = story.articles.map((a) => a.seen_ms).filter(Boolean);
  const events = (story.timeline && story.timeline.entries) || [];
  const evTimes = events.map((e) => e.ms).filter(Boolean);
  const all = times.concat(evTimes);
  const chart = svg("svg", { id: "timeline", class: "chart", viewBox: `0 0 ${W} ${H}`,
    role: "img", "aria-label": "Articles over time" });
  if (!all.length) {
    chart.append(svg("text", { x: L, y: H / 2, text: "No dates." }));
    return chart;
  }
  const lo = Math.min(...all), hi = Math.max(...all);
  const step = hi - lo < 2 * 86400e3 ? 3600e3 : 86400e3;
  const start = Math.floor(lo / step) * step, end = (Math.floor(hi / step) + 1) * step;
  const x = timeScale(start, end, L, W - R);
  const buckets = new Map();
  for (const t of times) {
    const k = Math.floor(t / step) * step;
    buckets.set(k, (buckets.get(k) || 0) + 1);
  }
  const max = Math.max(1, ...buckets.values());
  const y = (n) => H - B - (H - B - T) * n / max;
  chart.append(svg("line", { class: "axis", x1: L, y1: H - B, x2: W - R, y2: H - B }));
  chart.append(svg("text", { x: 4, y: T + 4, text: String(max) }));
  chart.append(svg("text", { x: 4, y: H - B, text: "0" }));
  const bw = Math.max(2, x(start + step) - x(start) - 2);
  for (const [k, n] of [...buckets.entries()].sort((a, b) => a[0] - b[0])) {
    const r = svg("rect", { class: "bar", x: x(k) + 1, y: y(n), width: bw, height: H - B - y(n) });
    r.append(svg("title", { text: (step === 86400e3 ? fmtDay(k) : fmtTime(k)) + ": " + plural(n, "article", "articles") }));
    chart.append(r);
  }
  const seen = new Map();
  for (const a of story.articles) {
    if (!a.seen_ms) continue;
    const k = Math.floor(a.seen_ms / step) * step;
    const i = seen.get(k) || 0;
    seen.set(k, i + 1);
    const c = svg("circle", { class: "dot", cx: x(a.seen_ms), cy: y(i + 0.5), r: 3.5 });
    c.append(svg("title", { text: fmtTime(a.seen_ms) + " " + (a.source || "") + ": " + (a.title || "") }));
    chart.append(c);
  }
  for (const e of events) {
    if (!e.ms) continue;
    const m = svg("path", { class: "event", d: `M${x(e.ms)} ${H - B + 2} l5 9 h-10 z` });
    m.append(svg("title", { text: (e.date || fmtDay(e.ms)) + ": " + (e.text || "") }));
    chart.append(m);
  }
  chart.append(svg("text", { x: L, y: H - 8, text: step === 86400e3 ? fmtDay(start) : fmtTime(start) }));
  chart.append(svg("text", { x: W - R, y: H - 8, "text-anchor": "end",
    text: step === 86400e3 ? fmtDay(end - step) : fmtTime(end - step) }));
  return chart;
}

/* Who copied whom and when: one lane per outlet, articles placed by
 * time, an arrow from each original to each copy, coloured by kind. */
function copyGraph(story) {
  const arts = story.articles;
  const lanes = [];
  for (const a of arts) {
    const s = a.source || "(unknown outlet)";
    if (!lanes.includes(s)) lanes.push(s);
  }
  const W = 720, L = 150, R = 20, T = 16, LH = 34;
  const H = T * 2 + LH * Math.max(1, lanes.length);
  const g = svg("svg", { id: "copy-graph", class: "chart", viewBox: `0 0 ${W} ${H}`,
    role: "img", "aria-label": "Copy graph" });
  g.append(svg("defs", {}, ...KINDS.map((k) => svg("marker", {
    id: "arrow-" + k, viewBox: "0 0 10 10", refX: "10", refY: "5",
    markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse"
  }, svg("path", { d: "M0 0 L10 5 L0 10 z", fill: KIND_COLOR[k] })))));
  const times = arts.map((a) => a.seen_ms).filter(Boolean);
  const lo = times.length ? Math.min(...times) : 0;
  const hi = times.length ? Math.max(...times) : 1;
  const x = timeScale(lo, hi, L + 10, W - R - 10);
  const pos = new Map();
  lanes.forEach((s, i) => {
    const yy = T + LH * i + LH / 2;
    g.append(svg("line", { class: "lane", x1: L, y1: yy, x2: W - R, y2: yy }));
    g.append(svg("text", { x: 4, y: yy + 4, text: s.length > 22 ? s.slice(0, 21) + "\u2026" : s }));
  });
  arts.forEach((a, i) => {
    const lane = lanes.indexOf(a.source || "(unknown outlet)");
    const jitter = ((i % 3) - 1) * 6;
    pos.set(a.id, { x: a.seen_ms ? x(a.seen_ms) : L + 10, y: T + LH * lane + LH / 2 + jitter });
  });
  let edges = 0;
  for (const a of arts) {
    const from = a.copy_parent || a.copy_of;
    if (!from || !pos.has(from) || !pos.has(a.id)) continue;
    const p = pos.get(from), q = pos.get(a.id);
    const kind = KIND_COLOR[a.copy_kind] ? a.copy_kind : "reprint";
    const mx = (p.x + q.x) / 2, my = Math.min(p.y, q.y) - 18;
    const e = svg("path", { class: "edge edge-" + kind, d: `M${p.x} ${p.y} Q${mx} ${my} ${q.x} ${q.y}`,
      stroke: KIND_COLOR[kind], "marker-end": `url(#arrow-${kind})` });
    e.append(svg("title", { text: (a.source || "") + " " + kind + " of article " + from }));
    g.append(e);
    edges++;
  }
  const originals = new Set(arts.map((a) => a.copy_parent || a.copy_of).filter(Boolean));
  for (const a of arts) {
    const p = pos.get(a.id);
    const link = svg("a", { href: "#/article/" + a.id });
    const c = svg("circle", { class: "node" + (originals.has(a.id) ? " original" : ""),
      cx: p.x, cy: p.y, r: 6, "data-id": a.id });
    c.append(svg("title", { text: fmtTime(a.seen_ms) + " " + (a.source || "") + ": " + (a.title || "") +
      (a.copy_kind ? " (" + a.copy_kind + ")" : "") }));
    link.append(c);
    g.append(link);
  }
  g.setAttribute("data-edges", String(edges));
  return g;
}

function legend() {
  return el("div", { class: "legend" }, ...KINDS.map((k) =>
    el("span", {}, el("i", { class: "kind-" + k }), k)));
}

/* ---- a story ---------------------------------------------------------- */

function entityFacets(entities) {
  const box = el("div", { class: "facets panel", id: "entities" });
  box.append(el("h2", { text: "Entities" }));
  if (!entities.length) box.append(el("p", { class: "empty", text: "None found." }));
  for (const type of Object.keys(ENTITY_TYPES)) {
    const of = entities.filter((e) => e.type === type);
    if (!of.length) continue;
    box.append(el("h3", { text: ENTITY_TYPES[type] }));
    box.append(el("ul", {}, ...of.slice(0, 15).map((e) => el("li", {},
      el("a", { href: "#/?" + new URLSearchParams({ q: "\"" + e.name + "\"" }), class: "entity",
        "data-type": e.type, text: e.name }),
      el("span", { class: "meta", text: String(e.articles) })))));
  }
  return box;
}

function sourceFacets(sources) {
  const box = el("div", { class: "facets panel", id: "sources" });
  box.append(el("h2", { text: "Outlets" }));
  box.append(el("ul", {}, ...sources.map((s) => el("li", {},
    el("span", { text: s.name }), el("span", { class: "meta", text: String(s.articles) })))));
  return box;
}

function articleList(story) {
  const byId = new Map(story.articles.map((a) => [a.id, a]));
  const list = el("ul", { class: "cards", id: "articles" });
  for (const a of story.articles) {
    const orig = a.copy_of ? byId.get(a.copy_of) : null;
    list.append(el("li", { class: "article", "data-id": a.id },
      el("a", { class: "title", href: "#/article/" + a.id, text: a.title || "(untitled)" }),
      el("div", { class: "meta" },
        el("span", { class: "outlet", text: a.source || "(unknown outlet)" }),
        " · " + (a.published || fmtTime(a.seen_ms)) + " ",
        kindBadge(a.copy_kind),
        a.copy_of ? el("a", { href: "#/article/" + a.copy_of,
          text: "of " + (orig ? (orig.source || "article " + orig.id) : "article " + a.copy_of) }) : null)));
  }
  return list;
}

function summaryBlock(story) {
  const s = story.summary;
  if (!s) return null;
  const box = el("div", { class: "summary", id: "summary" });
  const sentences = Array.isArray(s.sentences) ? s.sentences : null;
  if (sentences && sentences.length) {
    for (const x of sentences) box.append(el("p", { text: x.text || String(x) }));
  } else if (s.text) {
    box.append(el("p", { text: s.text }));
  } else {
    return null;
  }
  return box;
}

function timelineList(story) {
  const entries = (story.timeline && story.timeline.entries) || [];
  if (!entries.length) return null;
  return el("ol", { class: "cards", id: "timeline-entries" }, ...entries.map((e) =>
    el("li", {}, el("strong", { text: e.date || fmtDay(e.ms) }), " ", e.text || "",
      e.article ? el("a", { href: "#/article/" + e.article, text: " \u2197" }) : null)));
}

async function storyPage(id) {
  const s = await api("/api/stories/" + encodeURIComponent(id));
  const left = el("div", {},
    summaryBlock(s),
    el("h2", { text: "Timeline" }), timelineChart(s), timelineList(s),
    el("h2", { text: "Who copied whom" }), copyGraph(s), legend(),
    el("h2", { text: "Articles" }), articleList(s));
  const right = el("div", {}, entityFacets(s.entities || []), sourceFacets(s.sources || []));
  if (s.storyline && s.storyline.events && s.storyline.events.length > 1) {
    right.append(el("div", { class: "panel facets", id: "storyline" },
      el("h2", { text: "The storyline" }),
      el("ul", {}, ...s.storyline.events.map((e) => el("li", {},
        e.id === s.id ? el("strong", { text: e.title })
          : el("a", { href: "#/story/" + e.id, text: e.title }),
        el("span", { class: "meta", text: fmtDay(e.first_ms) }))))));
  }
  show(el("p", { class: "meta" }, el("a", { href: "#/", text: "\u2190 All stories" })),
    el("h1", { id: "story-title", text: s.title || "(untitled)" }),
    el("p", { class: "meta", text: plural(s.article_count, "article", "articles") + " from " +
      plural(s.source_count, "outlet", "outlets") + " · " + fmtTime(s.first_ms) + " to " + fmtTime(s.last_ms) }),
    el("div", { class: "grid" }, left, right));
  document.title = (s.title || "Story") + " - storyline";
}

/* ---- an article ------------------------------------------------------- */

/* The evidence of a copy link: its figures, the names and numbers both
 * texts share and why this original was chosen; the raw object folded. */
function evidenceText(ev) {
  if (!ev) return null;
  const box = el("div", { class: "evidence-box" });
  const dl = el("dl", { class: "evidence" });
  const pct = (x) => (typeof x === "number" ? Math.round(x * 100) + "%" : null);
  const rows = [
    ["of this article found in the original", pct(ev.copy_share)],
    ["of the original found here", pct(ev.original_share)],
    ["similarity", pct(ev.similarity)],
    ["word for word", pct(ev.verbatim)],
    ["aligned sentences", ev.sentences],
    ["shared names and numbers", Array.isArray(ev.anchors) ? ev.anchors.join(", ") : null],
    ["why this original", ev.reason]
  ];
  for (const [k, v] of rows) {
    if (v === null || v === undefined || v === "") continue;
    dl.append(el("dt", { text: k }), el("dd", { text: String(v) }));
  }
  box.append(dl, el("details", {}, el("summary", { text: "evidence as JSON" }),
    el("pre", { class: "evidence", text: JSON.stringify(ev, null, 2) })));
  return box;
}

/* The body as paragraphs, with the passages found in the original (byte
 * ranges of the body, from the evidence) marked. */
function bodyWithPassages(text, passages) {
  const body = el("div", { class: "body", id: "article-body" });
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  const ranges = (passages || []).map((p) => p.copy).filter((r) => Array.isArray(r) &&
    r[0] >= 0 && r[1] <= bytes.length && r[0] < r[1]).sort((a, b) => a[0] - b[0]);
  const segs = [];
  let at = 0;
  for (const [a, b] of ranges) {
    if (a < at) continue;
    if (a > at) segs.push([dec.decode(bytes.subarray(at, a)), false]);
    segs.push([dec.decode(bytes.subarray(a, b)), true]);
    at = b;
  }
  if (at < bytes.length) segs.push([dec.decode(bytes.subarray(at)), false]);
  let p = el("p");
  for (const [t, marked] of segs) {
    const parts = t.split(/\n\s*\n/);
    parts.forEach((part, i) => {
      if (i > 0) {
        if (p.textContent.trim()) body.append(p);
        p = el("p");
      }
      if (part) p.append(marked ? el("mark", { class: "passage", text: part }) : document.createTextNode(part));
    });
  }
  if (p.textContent.trim()) body.append(p);
  return body;
}

async function articlePage(key) {
  const a = await api("/api/articles/" + encodeURIComponent(key));
  const p = a.provenance || {};
  const nodes = [
    el("p", { class: "meta" }, a.story ? el("a", { href: "#/story/" + a.story.id,
      text: "\u2190 " + (a.story.title || "The story") }) : el("a", { href: "#/", text: "\u2190 All stories" })),
    el("h1", { id: "article-title", text: a.title || "(untitled)" }),
    el("p", { class: "meta" }, [a.source, (a.authors || []).join(", "), a.published].filter(Boolean).join(" · "),
      a.url ? " · " : null, a.url ? el("a", { href: a.url, rel: "noreferrer noopener", text: "original page" }) : null)
  ];
  const prov = el("div", { class: "panel", id: "provenance" }, el("h2", { text: "Provenance" }));
  if (p.original) {
    prov.append(el("p", {}, kindBadge(p.original.kind), "copied from ",
      el("a", { href: "#/article/" + p.original.id, text: "article " + p.original.id })),
      evidenceText(p.original.evidence));
  } else {
    prov.append(el("p", { text: p.copy_count ? "An original, copied " + plural(p.copy_count, "time", "times") + "."
      : "No copy of another article found." }));
  }
  if (p.copies && p.copies.length) {
    prov.append(el("h3", { text: "Copies" }), el("ul", { class: "cards" }, ...p.copies.map((c) =>
      el("li", {}, kindBadge(c.kind), el("a", { href: "#/article/" + c.id, text: c.title || "(untitled)" }),
        el("span", { class: "meta", text: " " + [c.source, c.published].filter(Boolean).join(" · ") })))));
  }
  const ev = p.original && p.original.evidence;
  const body = bodyWithPassages(String(a.body || ""), ev && ev.passages);
  if (ev && ev.passages && ev.passages.length) {
    prov.append(el("p", { class: "meta", text: "Marked in the text: the passages found in the original." }));
  }
  nodes.push(el("div", { class: "grid" }, body, prov));
  show(...nodes);
  document.title = (a.title || "Article") + " - storyline";
}

/* ---- start ------------------------------------------------------------ */

document.getElementById("search").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const q = document.getElementById("q").value.trim();
  location.hash = q ? "#/search?" + new URLSearchParams({ q }) : "#/";
});
window.addEventListener("hashchange", route);
route().then(() => document.body.setAttribute("data-ready", "1"));
