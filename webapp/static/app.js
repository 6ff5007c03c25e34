// Progressive enhancement only: every control also works as a plain link or form without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Facet checkboxes and the sort menu apply at once instead of waiting for "Apply filters".
  document.addEventListener("change", function (event) {
    var control = event.target;
    if (!control.matches || !control.matches("[data-autosubmit]") || !control.form) {
      return;
    }
    remember(control);
    if (control.form.requestSubmit) {
      control.form.requestSubmit();
    } else {
      control.form.submit();
    }
  });

  // The page reloads on every toggle; put keyboard focus back on the control that was used.
  var FOCUS_KEY = "newsfacet-focus";

  function remember(control) {
    try {
      window.sessionStorage.setItem(FOCUS_KEY, control.id || "");
    } catch (error) {
      // Storage can be disabled; losing the focus position is harmless.
    }
  }

  function restoreFocus() {
    var id = null;
    try {
      id = window.sessionStorage.getItem(FOCUS_KEY);
      window.sessionStorage.removeItem(FOCUS_KEY);
    } catch (error) {
      return;
    }
    var target = id ? document.getElementById(id) : null;
    if (target) {
      var panel = target.closest("details");
      if (panel) {
        panel.open = true;
      }
      target.focus({preventScroll: false});
    }
  }

  // On a phone the filters start folded so the results come first; without JavaScript they stay open.
  function foldFiltersOnPhones() {
    var panel = document.getElementById("filters");
    // A refused date stays in sight (data-keep-open) so the user can correct it.
    if (panel && !panel.hasAttribute("data-keep-open") && window.matchMedia &&
        window.matchMedia("(max-width: 50rem)").matches) {
      panel.open = false;
    }
  }

  function onReady() {
    foldFiltersOnPhones();
    restoreFocus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onReady);
  } else {
    onReady();
  }

  function announce(message) {
    var status = document.getElementById("copy-status");
    if (status) {
      status.textContent = message;
    }
  }

  function copyFrom(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    // Plain-HTTP fallback: select the text so the browser copy command takes it.
    field.focus();
    field.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!button) {
      return;
    }
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) {
      return;
    }
    copyFrom(field).then(function () {
      announce("Link copied.");
    }, function () {
      field.focus();
      field.select();
      announce("Press Ctrl+C to copy the selected link.");
    });
  });

  // "/" jumps to the search box, as on most search sites (not while typing in a field).
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (event.key !== "/" || tag === "input" || tag === "textarea" || tag === "select") {
      return;
    }
    var box = document.getElementById("q");
    if (box) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });
})();
