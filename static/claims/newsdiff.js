// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Hovering or focusing an aligned sentence highlights its whole row.
  document.addEventListener("mouseover", function (e) {
    var row = e.target.closest && e.target.closest("tr[data-pair]");
    document.querySelectorAll("tr.highlight").forEach(function (r) { if (r !== row) r.classList.remove("highlight"); });
    if (row) row.classList.add("highlight");
  });
})();
