/* claimtrack dashboard: small progressive enhancements; every page works without this. */
(function () {
  "use strict";

  // Article page: focusing or hovering a highlight lights up the whole claim (all its
  // spans) and shows who said it in the claim index.
  function claimMarks(id) {
    return document.querySelectorAll('mark[data-claim="' + CSS.escape(id) + '"]');
  }

  function activate(id, on) {
    claimMarks(id).forEach(function (m) { m.classList.toggle("is-active", on); });
    var item = document.getElementById("claim-" + id);
    if (item) { item.classList.toggle("is-active", on); }
    var focusBox = document.getElementById("claim-focus");
    var desc = document.getElementById("claim-desc-" + id);
    if (focusBox && desc) {
      if (on) {
        focusBox.textContent = desc.textContent.replace(/\s+/g, " ").trim();
        focusBox.hidden = false;
      } else {
        focusBox.hidden = true;
      }
    }
  }

  function bind(event, on) {
    document.addEventListener(event, function (e) {
      var mark = e.target instanceof Element ? e.target.closest("mark[data-claim]") : null;
      if (mark) { activate(mark.getAttribute("data-claim"), on); }
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
})();
