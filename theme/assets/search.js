/* The handbook's search. It reads the static index under search/index/ (written by
   generator/search_index.py) a few small files at a time:

   1. every term of the query is cut into character pairs (宅基, 基地); the pages that hold
      all pairs of all terms are the candidates: nothing that contains the query is missed;
   2. pages named by the query come first (a unit's short name such as 人社局 names every unit
      it can mean and their agency type; 闽侯 财政局 names 闽侯县财政局; a topic names its page),
      then pages whose title holds every term (from the title keys "t:" + pair);
   3. the first candidates are checked against their stored text, so pages that contain the
      whole query come before pages that only contain its pieces;
   4. filters (plan, locality, agency type, unit, topic, year, kind) come from the URL
      (?q=…&plan=…), so a result set can be shared.

   Page text is only ever inserted with textContent: nothing from the index becomes markup. */
(function () {
  "use strict";

  var FACETS = [["kind", "类型"], ["plan", "规划"], ["locality", "地区"], ["type", "机构类型"],
                ["topic", "主题"], ["year", "年份"]];
  var URL_FACETS = ["kind", "plan", "locality", "type", "topic", "year", "unit"];
  var KIND_LABEL = { task: "任务", unit: "单位", topic: "主题", "agency-type": "机构类型", plan: "规划", index: "索引" };
  var PAGE_SIZE = 10;
  var VERIFY = 20;          // candidates checked against their text before the first results show
  var KEYS_PER_TERM = 6;    // pairs fetched per term: any subset still finds every page
  var TITLE_KEYS = 3;       // title pairs fetched per term: titles are checked again when ranked
  var SNIPPET_BEFORE = 30, SNIPPET_AFTER = 90;
  var WORD = /[0-9a-z\u3400-\u9fff\uf900-\ufaff]/;

  /* ---------------------------------------------------------------- fetching */

  function base() {
    var config = document.getElementById("__config");
    var path = config ? JSON.parse(config.textContent).base : ".";
    return new URL(path.replace(/\/?$/, "/"), location.href);
  }

  var cache = {};
  function get(path, kind) {
    if (!(path in cache)) {
      cache[path] = fetch(new URL("search/index/" + path, base()).href).then(function (r) {
        if (r.status === 404) return null;
        if (!r.ok) throw new Error("search index: " + path + " " + r.status);
        return kind === "json" ? r.json() : r.arrayBuffer();
      });
    }
    return cache[path];
  }

  /* ---------------------------------------------------------------- text */

  function halfWidth(text) {
    return text.replace(/[\uff01-\uff5e]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); });
  }
  function normalise(text) { return halfWidth(text).toLowerCase().replace(/[\s\u200b]+/g, ""); }

  function termsOf(query) {
    var seen = {};
    return halfWidth(query).toLowerCase().split(/[\s\u3000]+/).map(normalise).filter(function (t) {
      if (!t || seen[t] || !Array.from(t).some(function (c) { return WORD.test(c); })) return false;
      seen[t] = true;
      return true;
    });
  }

  function spread(items, n) {
    if (items.length <= n) return items;
    var out = [];
    for (var i = 0; i < n; i++) out.push(items[Math.round(i * (items.length - 1) / (n - 1))]);
    return out;
  }

  function keysOf(term) {
    var pairs = [], singles = [], previous = "", seen = {};
    Array.from(term).forEach(function (c) {
      if (WORD.test(c)) {
        if (previous && !seen[previous + c]) { seen[previous + c] = 1; pairs.push(previous + c); }
        if (!seen[c]) { seen[c] = 1; singles.push(c); }
        previous = c;
      } else {
        previous = "";
      }
    });
    return pairs.length ? spread(pairs, KEYS_PER_TERM) : singles.slice(0, KEYS_PER_TERM);
  }

  var encoder = new TextEncoder();
  function fnv1a(text) {
    var h = 0x811c9dc5;
    encoder.encode(text).forEach(function (b) { h = Math.imul(h ^ b, 0x01000193) >>> 0; });
    return h;
  }
  function hexOf(bytes) {
    return Array.from(bytes).map(function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }
  function hex(text) {    /* file name of a facet value: as generator/search_index.py value_file */
    var bytes = encoder.encode(text);
    if (bytes.length <= 48) return hexOf(bytes);
    return hexOf(bytes.slice(0, 32)) + "-" + ("0000000" + fnv1a(text).toString(16)).slice(-8);
  }

  /* ---------------------------------------------------------------- postings */

  function readVarint(bytes, pos) {
    var value = 0, shift = 0, b;
    do { b = bytes[pos.i++]; value += (b & 0x7f) * Math.pow(2, shift); shift += 7; } while (b & 0x80);
    return value;
  }

  function decodePostings(bytes) {
    var pos = { i: 1 }, ids = [];
    if (bytes[0] === 0) {
      var n = readVarint(bytes, pos), last = -1;
      for (var k = 0; k < n; k++) { last += readVarint(bytes, pos) + 1; ids.push(last); }
    } else if (bytes[0] === 1) {
      for (var i = 1; i < bytes.length; i++) {
        var b = bytes[i];
        for (var bit = 0; b; bit++, b >>= 1) if (b & 1) ids.push((i - 1) * 8 + bit);
      }
    }
    return ids;
  }

  function postings(key, meta) {
    return get("k/" + (fnv1a(key) % meta.shards) + ".bin").then(function (buffer) {
      if (!buffer) return [];
      var bytes = new Uint8Array(buffer), decoder = new TextDecoder(), pos = { i: 0 };
      while (pos.i < bytes.length) {
        var length = bytes[pos.i++];
        var name = decoder.decode(bytes.subarray(pos.i, pos.i + length));
        pos.i += length;
        var size = readVarint(bytes, pos);
        var data = bytes.subarray(pos.i, pos.i + size);
        pos.i += size;
        if (name !== key) continue;
        if (data[0] === 2) {
          return get("big/" + readVarint(data, { i: 1 }) + ".bin").then(function (big) {
            return big ? decodePostings(new Uint8Array(big)) : [];
          });
        }
        return decodePostings(data);
      }
      return [];
    });
  }

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }
  function intersectAll(lists) { return lists.reduce(function (acc, l) { return acc === null ? l : intersect(acc, l); }, null) || []; }

  /* ---------------------------------------------------------------- searching */

  function filtersFrom(params) {
    var filters = {};
    URL_FACETS.forEach(function (f) { var v = params.get(f); if (v) filters[f] = v; });
    return filters;
  }

  function allowedBy(filters) {
    var names = Object.keys(filters);
    if (!names.length) return Promise.resolve(null);
    return Promise.all(names.map(function (f) {
      return get("f/" + f + "/" + hex(filters[f]) + ".bin").then(function (b) { return b ? decodePostings(new Uint8Array(b)) : []; });
    })).then(intersectAll);
  }

  function lookup(terms, meta, prefix, perTerm) {
    return Promise.all(terms.map(function (t) {
      var keys = keysOf(t);
      if (perTerm) keys = spread(keys, perTerm);
      return Promise.all(keys.map(function (k) { return postings(prefix + k, meta); })).then(intersectAll);
    }));
  }

  function run(query, filters) {
    var started = performance.now();
    var terms = termsOf(query);
    if (!terms.length) return Promise.resolve({ terms: terms, order: [], docs: [], exact: 0, ms: 0 });
    return get("meta.json", "json").then(function (meta) {
      var whole = normalise(query);
      var named = get("n/" + (fnv1a(whole) % meta.names) + ".json", "json").then(function (n) { return (n && n[whole]) || []; });
      return Promise.all([lookup(terms, meta, ""), lookup(terms, meta, "t:", TITLE_KEYS), named, allowedBy(filters)]).then(function (got) {
        var lists = got[0], nameIds = got[2], allowed = got[3];
        var candidates = intersectAll(lists);
        var titled = intersect(intersectAll(got[1]), candidates);
        var partial = [];
        if (terms.length > 1) {
          var hits = {};
          lists.forEach(function (l) { l.forEach(function (id) { hits[id] = (hits[id] || 0) + 1; }); });
          var all = {};
          candidates.forEach(function (id) { all[id] = 1; });
          partial = Object.keys(hits).map(Number).filter(function (id) { return !all[id]; })
            .sort(function (a, b) { return hits[b] - hits[a] || a - b; });
        }
        if (allowed) {
          var ok = {};
          allowed.forEach(function (id) { ok[id] = 1; });
          var keep = function (id) { return ok[id]; };
          candidates = candidates.filter(keep); partial = partial.filter(keep); nameIds = nameIds.filter(keep);
          titled = titled.filter(keep);
        }
        var seen = {}, order = [];
        nameIds.concat(titled, candidates, partial).forEach(function (id) { if (!seen[id]) { seen[id] = 1; order.push(id); } });
        var named = {};
        nameIds.forEach(function (id, i) { named[id] = nameIds.length - i; });   // the first name first
        return rank({ terms: terms, order: order, named: named, candidates: candidates.length, started: started });
      });
    });
  }

  function fetchDocs(ids) {
    return Promise.all(ids.map(function (id) {
      return get("d/" + id + ".json", "json").then(function (doc) { if (doc) doc.id = id; return doc; });
    }));
  }

  function contains(doc, term) {
    return normalise(doc.x).indexOf(term) >= 0 || normalise(doc.t).indexOf(term) >= 0 || !!doc.more;
  }
  function occurrences(text, term) {
    var n = 0, i = text.indexOf(term);
    while (i >= 0) { n++; i = text.indexOf(term, i + term.length); }
    return n;
  }

  // Check the first candidates against their text: named pages first, then titles that hold
  // every term, then pages that hold the whole query (index pages last among them, the most
  // mentions first), then the rest in index order.
  function rank(state) {
    var window = state.order.slice(0, VERIFY);
    return fetchDocs(window).then(function (docs) {
      var scored = docs.filter(Boolean).map(function (doc, i) {
        var exact = state.terms.every(function (t) { return contains(doc, t); });
        var title = state.terms.every(function (t) { return normalise(doc.t).indexOf(t) >= 0; });
        var text = normalise(doc.x);
        var count = state.terms.reduce(function (n, t) { return n + occurrences(text, t); }, 0);
        return { doc: doc, exact: exact, named: state.named[doc.id] || 0, title: title, count: count, i: i,
                 listing: doc.k === "index" ? 1 : 0 };   // an index page lists what other pages hold
      });
      scored.sort(function (a, b) {
        return (b.named - a.named) || (b.title - a.title) || (b.exact - a.exact) || (a.listing - b.listing) ||
          (b.count - a.count) || (a.i - b.i);
      });
      state.docs = scored.map(function (s) { s.doc.exact = s.exact; return s.doc; });
      state.exact = scored.filter(function (s) { return s.exact; }).length;
      state.rest = state.order.slice(VERIFY);
      state.ms = Math.round(performance.now() - state.started);
      return state;
    });
  }

  /* ---------------------------------------------------------------- showing */

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The block (paragraph, list item, table row) that holds the query, around its first match.
  function snippet(doc, terms) {
    var blocks = (doc.x || "").split("\n");
    var lowered = blocks.map(function (b) { return halfWidth(b).toLowerCase(); });
    var holds = function (b, t) { return b.indexOf(t) >= 0; };
    // the first block is the page's heading, already shown as the result's title
    var find = function (test) { var i = lowered.slice(1).findIndex(test); return i < 0 ? -1 : i + 1; };
    var k = find(function (b) { return terms.every(function (t) { return holds(b, t); }); });
    if (k < 0) k = find(function (b) { return terms.some(function (t) { return holds(b, t); }); });
    if (k < 0) k = blocks.length > 1 ? 1 : 0;
    var text = blocks[k] || "", lower = lowered[k] || "";
    var at = -1;
    terms.some(function (t) { at = lower.indexOf(t); return at >= 0; });
    var start = Math.max(0, at - SNIPPET_BEFORE), end = Math.min(text.length, Math.max(at, 0) + SNIPPET_AFTER);
    var piece = text.slice(start, end), pieceLower = lower.slice(start, end);
    var p = el("p", "hb-snippet");
    if (start > 0) p.appendChild(document.createTextNode("…"));
    var i = 0;
    while (i < piece.length) {
      var next = -1, which = "";
      terms.forEach(function (t) {
        var j = pieceLower.indexOf(t, i);
        if (j >= 0 && (next < 0 || j < next)) { next = j; which = t; }
      });
      if (next < 0) { p.appendChild(document.createTextNode(piece.slice(i))); break; }
      p.appendChild(document.createTextNode(piece.slice(i, next)));
      p.appendChild(el("mark", "", piece.slice(next, next + which.length)));
      i = next + which.length;
    }
    if (end < text.length) p.appendChild(document.createTextNode("…"));
    return p;
  }

  function resultItem(doc, terms) {
    var li = el("li", "hb-result" + (doc.exact ? "" : " hb-result--partial"));
    var a = el("a", "hb-result-link");
    a.href = new URL(doc.u, base()).href;
    a.appendChild(el("span", "hb-kind hb-kind--" + doc.k, KIND_LABEL[doc.k] || doc.k));
    a.appendChild(el("span", "hb-result-title", doc.t));
    li.appendChild(a);
    if (doc.b && doc.b.length) li.appendChild(el("div", "hb-result-crumbs", doc.b.join(" › ")));
    if (doc.n && doc.n.length) li.appendChild(el("div", "hb-result-units", "责任单位：" + doc.n.join("、")));
    li.appendChild(snippet(doc, terms));
    return li;
  }

  function render(box, state, query) {
    var list = box.querySelector(".hb-results"), status = box.querySelector(".hb-search-status");
    var more = box.querySelector(".hb-more");
    list.textContent = "";
    more.hidden = true;
    window.hbSearchState = { query: query, ids: state.order, exact: state.exact || 0, ms: state.ms || 0, shown: [] };
    if (!state.terms.length) {
      status.textContent = query.trim() ? "查询中没有可以查找的文字，请输入汉字、字母或数字。" : "请输入要查找的词语，例如 宅基地、人社局、清城。";
      return;
    }
    if (!state.order.length) { status.textContent = "没有找到包含“" + query.trim() + "”的页面。"; return; }
    var shown = 0;
    function show(docs) {
      docs.filter(Boolean).forEach(function (doc) { list.appendChild(resultItem(doc, state.terms)); shown++; });
    }
    show(state.docs.slice(0, PAGE_SIZE));
    var pending = state.docs.slice(PAGE_SIZE).concat([]);
    var restIds = state.rest.slice();
    status.textContent = "找到 " + state.order.length + " 个页面" +
      (state.exact ? "，其中前 " + state.exact + " 个完整包含查询" : "") + "（" + state.ms + " 毫秒）";
    var left = function () { return pending.length + restIds.length; };
    more.hidden = left() === 0;
    more.onclick = function () {
      var take = pending.splice(0, PAGE_SIZE);
      var ids = restIds.splice(0, PAGE_SIZE - take.length);
      more.disabled = true;
      fetchDocs(ids).then(function (docs) {
        docs.forEach(function (d) { if (d) d.exact = state.terms.every(function (t) { return contains(d, t); }); });
        show(take.concat(docs));
        more.disabled = false;
        more.hidden = left() === 0;
        window.hbSearchState.shown = Array.from(list.querySelectorAll("a.hb-result-link")).map(function (a) { return a.href; });
      });
    };
    window.hbSearchState = { query: query, ids: state.order, exact: state.exact, ms: state.ms,
                             shown: Array.from(list.querySelectorAll("a.hb-result-link")).map(function (a) { return a.href; }) };
  }

  /* ---------------------------------------------------------------- the page */

  function fillFacets(box, filters, onChange) {
    var fields = box.querySelector(".hb-facet-fields");
    if (fields.dataset.ready) return;
    fields.dataset.ready = "1";
    get("facets.json", "json").then(function (facets) {
      FACETS.forEach(function (f) {
        var values = (facets || {})[f[0]];
        if (!values || !values.length) return;
        var label = el("label", "hb-facet");
        label.appendChild(el("span", "", f[1]));
        var select = el("select");
        select.name = f[0];
        var any = el("option", "", "全部");
        any.value = "";
        select.appendChild(any);
        values.forEach(function (v) {
          var o = el("option", "", v[1] + "（" + v[2] + "）");
          o.value = v[0];
          if (filters[f[0]] === v[0]) o.selected = true;
          select.appendChild(o);
        });
        select.addEventListener("change", onChange);
        label.appendChild(select);
        fields.appendChild(label);
      });
      if (filters.unit) {
        var note = el("p", "hb-facet-note", "只看单位：" + filters.unit);
        fields.appendChild(note);
      }
    });
  }

  function initPage(box) {
    if (box.dataset.ready) return;
    box.dataset.ready = "1";
    var params = new URLSearchParams(location.search);
    var input = box.querySelector("input[name=q]");
    var details = box.querySelector(".hb-facets");
    input.value = params.get("q") || "";
    var filters = filtersFrom(params);

    function go(push) {
      var query = input.value;
      var url = new URL(location.href);
      url.search = "";
      if (query) url.searchParams.set("q", query);
      Object.keys(filters).forEach(function (f) { if (filters[f]) url.searchParams.set(f, filters[f]); });
      if (push) history.replaceState(history.state, "", url.href);
      box.querySelector(".hb-search-status").textContent = "正在查找…";
      run(query, filters).then(function (state) { render(box, state, query); }).catch(function (e) {
        box.querySelector(".hb-search-status").textContent = "搜索出错：" + e.message;
      });
    }
    function onFacet(event) {
      filters[event.target.name] = event.target.value;
      if (!event.target.value) delete filters[event.target.name];
      go(true);
    }
    box.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); go(true); });
    details.addEventListener("toggle", function () { if (details.open) fillFacets(box, filters, onFacet); });
    if (Object.keys(filters).length) { details.open = true; fillFacets(box, filters, onFacet); }
    box.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      var links = Array.from(box.querySelectorAll("a.hb-result-link"));
      if (!links.length) return;
      var i = links.indexOf(document.activeElement);
      i = e.key === "ArrowDown" ? Math.min(links.length - 1, i + 1) : Math.max(-1, i - 1);
      e.preventDefault();
      (i < 0 ? input : links[i]).focus();
    });
    go(false);
    if (!input.value) input.focus();
  }

  function initHeader() {
    var form = document.querySelector("form.hb-search-form");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var input = form.querySelector("input");
    var here = new URLSearchParams(location.search).get("q");
    if (here && document.getElementById("hb-search")) input.value = here;
    form.addEventListener("submit", function (e) {
      var target = new URL("search/", base());
      target.searchParams.set("q", input.value);
      // A link click, which Material's instant navigation takes over (and a plain browser follows).
      e.preventDefault();
      var link = document.createElement("a");
      link.href = target.href;
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
    document.addEventListener("keydown", function (e) {
      var typing = /input|textarea|select/i.test((document.activeElement || {}).tagName || "");
      if (!typing && (e.key === "/" || e.key === "s")) { e.preventDefault(); input.focus(); }
    });
  }

  function init() {
    initHeader();
    var box = document.getElementById("hb-search");
    if (box) initPage(box);
  }

  window.hbSearch = { run: run, termsOf: termsOf, keysOf: keysOf, normalise: normalise };
  if (typeof document$ !== "undefined") document$.subscribe(init);
  else if (document.readyState !== "loading") init();
  else document.addEventListener("DOMContentLoaded", init);
})();
