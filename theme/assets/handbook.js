/* Filter and sort for tables inside <div class="hb-filter">. Runs on every page load,
   including Material's instant navigation (document$). */
(function () {
  function setup(box) {
    const table = box.querySelector("table");
    if (!table || box.dataset.ready) return;
    box.dataset.ready = "1";
    const input = document.createElement("input");
    input.type = "search";
    input.placeholder = "筛选：输入名称或简称…";
    input.className = "hb-filter-input";
    input.setAttribute("aria-label", "筛选表格");
    box.insertBefore(input, box.firstChild);
    const rows = Array.from(table.tBodies[0].rows);
    // a row is found by its text and by the other names in its links' titles (人社局)
    rows.forEach(function (row) {
      const titles = Array.from(row.querySelectorAll("[title]")).map(function (a) { return a.title; });
      row.hbText = (row.textContent + " " + titles.join(" ")).toLowerCase().replace(/\s+/g, "");
    });
    input.addEventListener("input", function () {
      const q = input.value.toLowerCase().replace(/\s+/g, "");
      rows.forEach(function (row) { row.hidden = q !== "" && !row.hbText.includes(q); });
    });
    Array.from(table.tHead.rows[0].cells).forEach(function (th, col) {
      th.classList.add("hb-sortable");
      th.tabIndex = 0;
      let ascending = true;
      function sort() {
        const numeric = rows.every(function (r) { return /^\s*\d+\s*$/.test(r.cells[col].textContent); });
        rows.sort(function (a, b) {
          const x = a.cells[col].textContent.trim(), y = b.cells[col].textContent.trim();
          const d = numeric ? Number(x) - Number(y) : x.localeCompare(y, "zh-Hans-CN");
          return ascending ? d : -d;
        });
        ascending = !ascending;
        rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
    });
  }
  // Source pages: #L28-L32 marks lines 28 to 32 (a browser only knows #L28 as a target).
  function markLines() {
    document.querySelectorAll(".hb-src-line.hb-hl").forEach(function (l) { l.classList.remove("hb-hl"); });
    const m = /^#L(\d+)(?:-L(\d+))?$/.exec(location.hash);
    if (!m || !document.querySelector(".hb-source")) return;
    const first = Number(m[1]), last = Math.max(first, Number(m[2] || m[1]));
    for (let n = first; n <= last; n++) {
      const line = document.getElementById("L" + n);
      if (line) line.classList.add("hb-hl");
    }
    const start = document.getElementById("L" + first);
    if (start) start.scrollIntoView({ block: "start" });
  }
  // Wide tables: say that they scroll, and on which side there is more.
  function scrollHints(box) {
    const table = box.querySelector("table");
    if (!table) return;
    const scroller = table.closest(".md-typeset__scrollwrap") || table;
    function update() {
      const more = scroller.scrollWidth - scroller.clientWidth;
      box.classList.toggle("hb-scrolls", more > 1);
      box.classList.toggle("hb-more-right", more > 1 && scroller.scrollLeft < more - 1);
    }
    if (!box.dataset.hints) {
      box.dataset.hints = "1";
      scroller.addEventListener("scroll", update, { passive: true });
      window.addEventListener("resize", update);
    }
    update();
  }
  function init() {
    document.querySelectorAll(".hb-filter").forEach(setup);
    document.querySelectorAll(".hb-wide, .hb-matrix, .hb-heat, .hb-filter").forEach(scrollHints);
    markLines();
  }
  window.addEventListener("hashchange", markLines);
  if (typeof document$ !== "undefined") document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
