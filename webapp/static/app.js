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

// Histogram: drag across the chart (mouse, pen or touch) to search the dragged days. Without this
// file every bar is a link and the From/To fields take any range.
(function () {
  "use strict";
  var DAY = 86400000;

  function dayAt(figure, svg, clientX) {
    var box = svg.getBoundingClientRect();
    var first = Date.parse(figure.getAttribute("data-first"));
    var last = Date.parse(figure.getAttribute("data-last")) + DAY;
    var fraction = Math.min(Math.max((clientX - box.left) / box.width, 0), 0.999999);
    return new Date(first + Math.floor(fraction * (last - first) / DAY) * DAY).toISOString().slice(0, 10);
  }

  function xAt(svg, clientX) {
    var box = svg.getBoundingClientRect();
    return Math.min(Math.max((clientX - box.left) / box.width, 0), 1) * 600;
  }

  function rangeUrl(figure, from, to) {
    var url = new URL(figure.getAttribute("data-range-url"), window.location.href);
    url.searchParams.set("from", from < to ? from : to);
    url.searchParams.set("to", from < to ? to : from);
    return url.pathname + url.search;
  }

  document.addEventListener("pointerdown", function (event) {
    var svg = event.target.closest ? event.target.closest(".histogram-chart") : null;
    var figure = svg ? svg.closest("figure.histogram") : null;
    if (!figure || event.button > 0) {
      return;
    }
    var band = svg.querySelector(".drag-range");
    var startX = xAt(svg, event.clientX);
    var startDay = dayAt(figure, svg, event.clientX);
    var moved = false;
    // No pointer capture: a captured press would send a plain click to the chart, not the bar's link.

    function move(e) {
      var x = xAt(svg, e.clientX);
      if (Math.abs(x - startX) < 4) {
        return;
      }
      moved = true;
      band.hidden = false;
      band.setAttribute("x", Math.min(x, startX));
      band.setAttribute("width", Math.abs(x - startX));
    }

    function end(e) {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", end);
      window.removeEventListener("pointercancel", end);
      svg.dragged = moved;
      if (moved && e.type === "pointerup") {
        window.location.assign(rangeUrl(figure, startDay, dayAt(figure, svg, e.clientX)));
      }
      band.hidden = true;
    }

    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", end);
    window.addEventListener("pointercancel", end);
  });

  // A drag ends with a click on the bar under the pointer: keep it from following that bar's link.
  document.addEventListener("click", function (event) {
    var svg = event.target.closest ? event.target.closest(".histogram-chart") : null;
    if (svg && svg.dragged) {
      svg.dragged = false;
      event.preventDefault();
    }
  }, true);

  // Compare: switch between counts and shares without a reload (the links reload without JavaScript).
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".measure-toggle a[data-measure]") : null;
    if (!link) {
      return;
    }
    event.preventDefault();
    var figure = link.closest(".compare-chart");
    var measure = link.getAttribute("data-measure");
    figure.querySelectorAll(".compare-lines").forEach(function (chart) {
      // An SVG element has no `hidden` property: set the attribute itself.
      chart.toggleAttribute("hidden", !chart.classList.contains("measure-" + measure));
    });
    figure.querySelectorAll(".measure-toggle a").forEach(function (item) {
      item.setAttribute("aria-current", item === link ? "true" : "false");
    });
    figure.querySelectorAll("[data-measure-scale]").forEach(function (label) {
      label.hidden = label.getAttribute("data-measure-scale") !== measure;
    });
    figure.setAttribute("data-measure", measure);
    window.history.replaceState(null, "", link.getAttribute("href"));
  });
})();
