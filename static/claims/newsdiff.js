// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  function clear() {
    document.querySelectorAll(".sentence.highlight").forEach(function (el) { el.classList.remove("highlight"); });
  }
  // Hovering or focusing a sentence highlights its counterparts in every column.
  function highlight(e) {
    var s = e.target.closest && e.target.closest(".sentence[data-sentence]");
    clear();
    if (!s) return;
    s.classList.add("highlight");
    (s.dataset.counterparts || "").split(" ").forEach(function (id) {
      if (!id) return;
      document.querySelectorAll('.sentence[data-sentence="' + id + '"]').forEach(function (el) { el.classList.add("highlight"); });
    });
  }
  document.addEventListener("mouseover", highlight);
  document.addEventListener("focusin", highlight);

  // j / k and the buttons move focus between discrepancy rows.
  function step(dir) {
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-discrepancy]"));
    if (!rows.length) return;
    var current = document.activeElement && document.activeElement.closest ? document.activeElement.closest("tr[data-discrepancy]") : null;
    var i = rows.indexOf(current);
    var next = i < 0 ? (dir > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, i + dir));
    rows[next].focus();
    rows[next].scrollIntoView({ block: "center" });
  }
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.altKey || e.ctrlKey || e.metaKey || (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))) return;
    if (e.key === "j") { step(1); e.preventDefault(); }
    if (e.key === "k") { step(-1); e.preventDefault(); }
  });
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("button[data-step]");
    if (b) step(parseInt(b.dataset.step, 10));
  });
})();
