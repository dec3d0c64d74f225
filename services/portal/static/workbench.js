// The officer's review table (issue 16): keys for the row that holds the focus. An addition only:
// every control is a plain form button and is reached with Tab without this script.
(function () {
  "use strict";
  var doc = document;
  var table = doc.getElementById("review-table");
  if (!table) return;

  // ev.code too: the letter is the same key on an Urdu, Russian or Chinese keyboard layout
  function keyOf(ev) {
    var code = ev.code || "";
    if (code.indexOf("Key") === 0) return code.slice(3).toLowerCase();
    return (ev.key || "").toLowerCase();
  }

  function typing(el) {
    var tag = el.tagName;
    return tag === "TEXTAREA" || tag === "SELECT" || (tag === "INPUT" && el.type !== "checkbox");
  }

  function focusRow(row) {
    var target = row && (row.querySelector(".select-row") || row.querySelector("a"));
    if (target) target.focus();
  }

  // The keys act only from a row's selection box (where J and K land), never from its links or
  // its "Choices and reasons": a screen reader's or dictation's letter there approved the row.
  // And they can be switched off, the choice kept in this browser.
  var KEPT = "corridor.review-keys";
  var toggle = doc.getElementById("review-keys-on");
  var on = true;
  try { on = window.localStorage.getItem(KEPT) !== "off"; } catch (e) { on = true; }
  if (toggle) {
    toggle.checked = on;
    toggle.addEventListener("change", function () {
      on = toggle.checked;
      try { window.localStorage.setItem(KEPT, on ? "on" : "off"); } catch (e) { /* private mode: this page only */ }
    });
  }

  doc.addEventListener("keydown", function (ev) {
    if (!on || ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) return;
    if (!ev.target.classList || !ev.target.classList.contains("select-row")) return;
    var row = ev.target.closest && ev.target.closest("#review-table tbody tr.match");
    if (!row) return;
    var key = keyOf(ev);
    if (key === "a") {
      var approve = row.querySelector("button.approve");
      if (approve) { ev.preventDefault(); approve.click(); }
    } else if (key === "r") {
      var details = row.querySelector("details.reject-row");
      if (details) {
        ev.preventDefault();
        details.open = true;
        row.querySelector("input[id^='reason-']").focus();
      }
    } else if (key === "j") {
      ev.preventDefault();
      focusRow(row.nextElementSibling);
    } else if (key === "k") {
      ev.preventDefault();
      focusRow(row.previousElementSibling);
    }
  });
})();
