// Progressive enhancement for the governance register: count ticked duties.
// The checklist works without it; this only adds a live "n of m ticked" line.
(function () {
  "use strict";
  var form = document.querySelector("[data-checklist]");
  var progress = document.querySelector("[data-checklist-progress]");
  if (!form || !progress) {
    return;
  }
  var boxes = form.querySelectorAll("input[type=checkbox]");
  if (!boxes.length) {
    return;
  }
  function update() {
    var ticked = 0;
    for (var i = 0; i < boxes.length; i += 1) {
      if (boxes[i].checked) {
        ticked += 1;
      }
    }
    progress.textContent = ticked === boxes.length
      ? "All " + boxes.length + " duties on this page ticked."
      : ticked + " of " + boxes.length + " duties on this page ticked.";
  }
  form.addEventListener("change", update);
  progress.hidden = false;
  update();
})();
