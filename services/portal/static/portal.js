// Progressive enhancement only: every page works without this script.
(function () {
  "use strict";
  var doc = document;

  // A form the portal checks itself (novalidate: the browser's bubbles spoke its own language, not
  // the page's) still stops a file over the size limit before its upload, with the page's words.
  // Caught first (capture), so the form is not marked busy when it is not sent.
  doc.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.noValidate || !form.querySelectorAll) return;
    var big = Array.prototype.filter.call(form.querySelectorAll("input[type=file][data-max-bytes]"), function (input) {
      return input.validity && input.validity.customError;
    })[0];
    if (!big) return;
    ev.preventDefault();
    ev.stopPropagation();
    big.reportValidity();
  }, true);

  // A long action shows progress: the pressed button is marked busy and the form cannot be sent twice.
  doc.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.hasAttribute("data-busy")) return;
    if (form.dataset.sending === "1") { ev.preventDefault(); return; }
    form.dataset.sending = "1";
    var button = ev.submitter || form.querySelector("button[type=submit]");
    if (button) {
      button.setAttribute("aria-busy", "true");
      var label = doc.body.dataset.working || "Working…";
      button.dataset.label = button.textContent;
      // keep the button's value in the submission: change it after the form data was taken
      setTimeout(function () { button.textContent = label; }, 0);
    }
    form.setAttribute("aria-busy", "true");
  });

  // Long text typed into a form (a statement, a letter, a message) is not lost to a reload or a
  // link followed by mistake: until the form is sent, the browser asks before leaving the page.
  var unsent = false;
  doc.addEventListener("input", function (ev) {
    if (ev.target.tagName === "TEXTAREA" && ev.target.form) unsent = true;
  });
  doc.addEventListener("submit", function () { unsent = false; });
  window.addEventListener("beforeunload", function (ev) {
    if (!unsent) return;
    ev.preventDefault();
    ev.returnValue = "";
  });

  // The language switch reloads the page in another language: what was typed into its forms
  // (a letter, a statement, a nominee's reason) goes with it, through this tab's session
  // storage, and is put back in the same fields once the page is shown again. A form is found
  // again by its address (a row's form names its match), never by its place on the page, which
  // a colleague's change may have moved. Passwords, files, hidden fields (the form's token) and
  // confirmation boxes are never kept.
  // a page shown at a refused form's address names its own (data-page)
  var CARRY = "corridor:carry", here = doc.body.dataset.page || location.pathname + location.search;
  var carried = function (el) {
    return el.name && !el.disabled && el.name !== "confirm" &&
      !/^(hidden|password|file|submit|button|reset|image)$/.test(el.type);
  };
  var keyed = function () {  // "action#n": the n-th form of that address on the page
    var seen = {}, out = [];
    Array.prototype.forEach.call(doc.forms, function (f) {
      if (f.method !== "post") return;
      var action = f.getAttribute("action") || "";
      seen[action] = (seen[action] || 0) + 1;
      out.push([action + "#" + seen[action], f]);
    });
    return out;
  };
  var fieldsOf = function (form) {
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!carried(el)) return;
      if (el.type === "checkbox" || el.type === "radio") fields.push([el.name, el.value, el.checked]);
      else if (el.tagName === "SELECT" && el.multiple)
        Array.prototype.forEach.call(el.options, function (o) { fields.push([el.name, o.value, o.selected]); });
      else fields.push([el.name, el.value]);
    });
    return fields;
  };
  // A form typed into and not sent yet (its fields changed since the page was shown).
  var typed = function (ev) {
    var el = ev.target;
    if (el.form && carried(el)) el.form.dataset.typed = "1";
  };
  doc.addEventListener("input", typed);
  doc.addEventListener("change", typed);
  doc.addEventListener("click", function (ev) {
    var link = ev.target.closest && ev.target.closest(".lang-nav a[hreflang]");
    if (!link || !window.sessionStorage) return;
    // another tab or window: this page stays, with its text and its warning before leaving
    if (ev.defaultPrevented || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
    var kept = {};
    keyed().forEach(function (pair) { kept[pair[0]] = fieldsOf(pair[1]); });
    try {
      sessionStorage.setItem(CARRY, JSON.stringify({ url: here, at: Date.now(), forms: kept }));
      unsent = false;  // carried: no need to ask before leaving
    } catch (e) { /* storage full or refused: the browser asks before leaving, as before */ }
  });
  // A form sent while another on the page was typed into and not saved (a statement typed, then
  // a document uploaded below it): the page comes back from the server without that text. It is
  // carried as a language switch carries it, put back in its fields, and said to be unsaved.
  // Nothing older may come back; the form sent is the server's to show.
  doc.addEventListener("submit", function (ev) {
    try {
      if (!window.sessionStorage) return;
      sessionStorage.removeItem(CARRY);
      var kept = {}, any = false;
      keyed().forEach(function (pair) {
        if (pair[1] === ev.target || pair[1].dataset.typed !== "1") return;
        kept[pair[0]] = fieldsOf(pair[1]);
        any = true;
      });
      if (any) sessionStorage.setItem(CARRY, JSON.stringify({ url: here, at: Date.now(), forms: kept }));
    } catch (e) { /* storage full or refused: as before, the browser asked before leaving */ }
  });
  var restore = function () {
    var raw = window.sessionStorage && sessionStorage.getItem(CARRY);
    if (!raw) return;
    sessionStorage.removeItem(CARRY);
    var saved = JSON.parse(raw);
    if (!saved || saved.url !== here || Date.now() - saved.at > 120000 || typeof saved.forms !== "object") return;
    keyed().forEach(function (pair) {
      var fields = saved.forms[pair[0]], f = pair[1], seen = {}, changed = false;
      if (!Array.isArray(fields)) return;
      fields.forEach(function (entry) {
        var name = entry[0], list = f.elements.namedItem(name);
        if (!list) return;
        var els = list.tagName ? [list] : Array.prototype.slice.call(list);  // one field, or several of one name
        var n = seen[name] = (seen[name] || 0) + 1;
        if (entry.length === 3) {
          els.forEach(function (el) {
            if (el.tagName === "SELECT") {
              Array.prototype.forEach.call(el.options, function (o) {
                if (o.value === entry[1] && o.selected !== entry[2]) { o.selected = entry[2]; changed = true; }
              });
            } else if (carried(el) && el.value === entry[1] && el.checked !== entry[2]) {
              el.checked = entry[2];
              changed = true;
            }
          });
        } else {
          var el = els.filter(carried)[n - 1];
          if (el && el.value !== entry[1]) {
            el.value = entry[1];
            changed = true;
          }
        }
      });
      // what was put back differs from what the server holds: still to be saved, and said so (a
      // form carried through a language switch looked saved, and a later upload lost it)
      if (changed) {
        f.dataset.typed = "1";
        unsent = true;
        var note = doc.createElement("p");
        note.className = "note warning kept-unsaved";
        note.setAttribute("role", "status");
        note.textContent = doc.body.dataset.keptUnsaved || "Not saved yet.";
        f.insertBefore(note, f.firstChild);
      }
    });
  };
  try { restore(); } catch (e) { /* a damaged entry: the page as the server sent it */ }

  // A file over the size limit is said at once, before its upload: the form is not sent, and
  // what was chosen and typed beside it stays (refused by the server, the page came back with
  // the kind of document to choose again).
  doc.addEventListener("change", function (ev) {
    var input = ev.target;
    if (input.type !== "file" || !input.dataset || !input.dataset.maxBytes) return;
    var limit = Number(input.dataset.maxBytes), big = false;
    Array.prototype.forEach.call(input.files || [], function (f) { if (f.size > limit) big = true; });
    input.setCustomValidity(big ? input.dataset.tooLarge || "" : "");
    // the field's own error line says it (a bubble alone is faint and passes), in place of the
    // error of the file chosen before, which is no longer the reason
    var field = input.closest ? input.closest(".field") : null;
    var said = field ? field.querySelector("p.error") : null;
    if (big && field) {
      if (!said) {
        said = doc.createElement("p");
        said.className = "error";
        said.id = "e-size-" + (input.id || input.name);
        field.insertBefore(said, input);
      }
      said.textContent = input.dataset.tooLarge || "";
      said.hidden = false;
      said.setAttribute("role", "alert");
      input.setAttribute("aria-invalid", "true");
      var described = (input.getAttribute("aria-describedby") || "").split(" ");
      if (described.indexOf(said.id) < 0) input.setAttribute("aria-describedby", described.concat([said.id]).join(" ").trim());
      field.classList.add("has-error");
    } else if (said) {
      said.hidden = true;  // a new file, not yet checked: the last one's refusal is not its reason
      input.removeAttribute("aria-invalid");
      field.classList.remove("has-error");
    }
    if (big) input.reportValidity();
  });

  // Enter in a row's reason field presses that row's own reject button.
  doc.addEventListener("keydown", function (ev) {
    var el = ev.target;
    if (ev.key !== "Enter" || !el.dataset || !el.dataset.enter) return;
    var button = doc.getElementById(el.dataset.enter);
    if (button) { ev.preventDefault(); button.click(); }
  });

  // A refused form: the summary of what to correct (or else the first field marked wrong) takes
  // the focus, so a keyboard or screen reader user starts where the page says what went wrong.
  // A form posted to an address with a #fragment (a document's, a row's) comes back there: the
  // browser's move to the fragment, after this script, had taken the focus back to the page.
  var summary = doc.querySelector(".error-summary, [role=alert].error-summary");
  var refused = summary || doc.querySelector("[aria-invalid=true]");
  if (refused) {
    if (refused === summary && !summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
    refused.focus();
    if (window.location.hash) {
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", window.location.pathname + window.location.search);
      }
      window.addEventListener("load", function () { setTimeout(function () { refused.focus(); }, 0); });
    }
  }

  // A table that scrolls sideways is a stop for the keyboard: named after its caption, so that a
  // screen reader says what it is rather than reading out its first row.
  doc.querySelectorAll(".table-wrap[tabindex]").forEach(function (wrap) {
    var caption = wrap.querySelector("caption");
    if (!caption || wrap.hasAttribute("aria-label") || wrap.hasAttribute("aria-labelledby")) return;
    if (!caption.id) caption.id = "caption-" + Math.random().toString(36).slice(2, 9);
    // Inside a section of the same name, a second landmark of that name is heard twice: a
    // group (no landmark) then, named all the same.
    var section = wrap.closest("section[aria-labelledby]");
    var title = section && doc.getElementById(section.getAttribute("aria-labelledby"));
    var same = title && title.textContent.trim() === caption.textContent.trim();
    wrap.setAttribute("role", same ? "group" : "region");
    wrap.setAttribute("aria-labelledby", caption.id);
  });

  // A form saved further down the page comes back at its section (#details, #documents): its
  // confirmation, at the top of the page, was out of sight (on a phone some 860 px above). It
  // is moved to the start of that section, under its heading, where the reader is.
  var flashes = doc.querySelectorAll("main > .flash");
  var target = null;
  try {  // a malformed fragment (#%) must not stop the rest of this script
    target = window.location.hash ? doc.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null;
  } catch (e) { target = null; }
  var section = target && target.closest("main section");
  if (flashes.length && section) {
    var heading = section.querySelector("h2, h3");
    var before = heading && heading.parentNode === section ? heading.nextSibling : section.firstChild;
    flashes.forEach(function (f) { section.insertBefore(f, before); });
  }

  // Filters folded for a phone's screen are open on a wide one.
  if (window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) {
    doc.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
  }

  // A nomination list keeps a reason only for an applicant left off: the reason field of a row
  // marked nominee or reserve is closed (the server refuses one there, after the whole form).
  doc.querySelectorAll("select[data-reason-field]").forEach(function (choice) {
    var reason = doc.getElementById(choice.dataset.reasonField);
    if (!reason || choice.disabled) return;
    var sync = function () { reason.disabled = choice.value === "nominated" || choice.value === "reserve"; };
    choice.addEventListener("change", sync);
    sync();
  });

  // "Select all" for bulk review.
  var all = doc.querySelector("[data-select-all]");
  if (all) {
    all.addEventListener("change", function () {
      doc.querySelectorAll(".select-row").forEach(function (box) { box.checked = all.checked; });
    });
  }

  // A secret shown once: a button copies all of it (on a phone its box shows only a part).
  doc.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = doc.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = button.dataset.copied || button.textContent;
      });
    });
  });

  // A running matching round: poll its status and reload when it is done.
  var panel = doc.getElementById("round-progress");
  if (panel && panel.dataset.active === "true") {
    var bar = doc.getElementById("round-bar"), pct = doc.getElementById("round-pct");
    var statusEl = doc.getElementById("round-status");
    var poll = function () {
      fetch(panel.dataset.statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (s) {
          var p = Math.round((s.progress || 0) * 100);
          bar.value = p; pct.textContent = p + "%";
          if (s.status === "completed" || s.status === "failed") { window.location.reload(); return; }
          statusEl.textContent = statusEl.dataset[s.status] || s.status;
          setTimeout(poll, 700);
        })
        .catch(function () { setTimeout(poll, 2000); });
    };
    setTimeout(poll, 500);
  }
})();
