/* claimtrack dashboard: small progressive enhancements; every page works without this. */
(function () {
  "use strict";

  function claimMarks(id) {
    return document.querySelectorAll('mark[data-claim="' + CSS.escape(id) + '"]');
  }

  // Article page: focusing or hovering a highlight lights up the whole claim (all its
  // spans, and its entry in the claim index) and shows who said it, and how, next to it.
  function activate(mark, on) {
    var id = mark.getAttribute("data-claim");
    claimMarks(id).forEach(function (m) { m.classList.toggle("is-active", on); });
    var item = document.getElementById("claim-" + id);
    if (item) { item.classList.toggle("is-active", on); }
    var box = document.getElementById("claim-focus");
    var desc = document.getElementById("claim-desc-" + id);
    if (!box || !desc) { return; }
    if (!on) { box.hidden = true; return; }
    box.textContent = desc.textContent.replace(/\s+/g, " ").trim();
    box.hidden = false;
    var rect = mark.getBoundingClientRect();
    var left = Math.min(rect.left, document.documentElement.clientWidth - box.offsetWidth - 8);
    box.style.left = Math.max(8, left) + window.scrollX + "px";
    box.style.top = rect.bottom + window.scrollY + 6 + "px";
  }

  function bind(event, on) {
    document.addEventListener(event, function (e) {
      var mark = e.target instanceof Element ? e.target.closest("mark[data-claim]") : null;
      if (mark) { activate(mark, on); }
    });
  }

  bind("focusin", true);
  bind("focusout", false);
  bind("mouseover", true);
  bind("mouseout", false);

  // Enter on a focused highlight opens its claim.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter") { return; }
    var mark = e.target instanceof Element ? e.target.closest("mark[data-claim]") : null;
    if (mark) { window.location.href = "/claims/" + encodeURIComponent(mark.getAttribute("data-claim")); }
  });

  // Arriving at /articles/N#claim-M: bring claim M's words into view in the text.
  var match = /^#claim-(\d+)$/.exec(window.location.hash);
  if (match) {
    var marks = claimMarks(match[1]);
    if (marks.length) {
      marks.forEach(function (m) { m.classList.add("is-active"); });
      marks[0].scrollIntoView({ block: "center" });
    }
  }
})();
