/* Filter and sort for tables inside <div class="hb-filter">. Runs on every page load,
   including Material's instant navigation (document$). */
(function () {
  function setup(box) {
    const table = box.querySelector("table");
    if (!table || box.dataset.ready) return;
    box.dataset.ready = "1";
    const input = document.createElement("input");
    input.type = "search";
    input.placeholder = "筛选…";
    input.className = "hb-filter-input";
    input.setAttribute("aria-label", "筛选表格");
    box.insertBefore(input, box.firstChild);
    const rows = Array.from(table.tBodies[0].rows);
    input.addEventListener("input", function () {
      const q = input.value.trim().toLowerCase();
      rows.forEach(function (row) {
        row.hidden = q !== "" && !row.textContent.toLowerCase().includes(q);
      });
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
  function init() { document.querySelectorAll(".hb-filter").forEach(setup); }
  if (typeof document$ !== "undefined") document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
