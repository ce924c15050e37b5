// Search page enhancements (internal/search). The page works without this
// file: every search is a plain GET form and every state a link. With it:
// results update while typing, suggestions appear, "Vicino a me" uses the
// browser's position when the user allows it, and the results can be seen
// on a map. No inline code: the Content-Security-Policy forbids it.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var box = document.getElementById("search-results-box");
  if (!form || !box || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var announce = document.getElementById("search-announce");
  var q = form.elements.q;
  var comune = form.elements.comune;
  var pending = null;

  // The URL of the form's current state, without empty fields.
  function formURL() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value !== "") {
        params.append(key, value);
      }
    });
    var s = params.toString();
    return "/servizi" + (s ? "?" + s : "");
  }

  // load fetches the results part for url and puts it in place; push
  // adds a history entry (links), otherwise the current one is replaced
  // (typing), so that the address bar always holds the search shown.
  function load(url, push) {
    if (pending) {
      pending.abort();
    }
    var ctrl = window.AbortController ? new AbortController() : null;
    pending = ctrl;
    fetch(url, {headers: {"X-Trama-Fragment": "results"}, signal: ctrl ? ctrl.signal : undefined, credentials: "same-origin"})
      .then(function (resp) { return resp.text(); })
      .then(function (html) {
        box.innerHTML = html;
        if (push) {
          history.pushState(null, "", url);
        } else {
          history.replaceState(null, "", url);
        }
        var count = document.getElementById("search-count");
        if (announce && count) {
          announce.textContent = count.textContent;
        }
        setupMap(false);
      })
      .catch(function () { /* aborted or offline: the form still works */ });
  }

  var timer = null;
  function later(fn, ms) {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  }

  // Instant results: the text box while typing, the other fields on change.
  if (q) {
    q.addEventListener("input", function () {
      later(function () { load(formURL(), false); }, 300);
      suggest(q, "/servizi/suggerimenti?q=", "search-suggestions", function (s) { return s.label; });
    });
  }
  form.addEventListener("change", function (ev) {
    if (ev.target === q) {
      return;
    }
    if (ev.target === comune) {
      form.elements.lat.value = "";
      form.elements.lon.value = "";
    }
    load(formURL(), false);
  });
  if (comune) {
    comune.addEventListener("input", function () {
      suggest(comune, "/comuni.json?q=", "comune-suggestions", function (c) { return c.label; });
    });
  }

  // Links inside the results (categories, pages) load in place.
  box.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("a") : null;
    if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) {
      return;
    }
    var url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname !== "/servizi") {
      return;
    }
    ev.preventDefault();
    var cat = url.searchParams.get("category");
    var hidden = form.querySelector("input[type=hidden][name=category]");
    if (cat && !hidden) {
      hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "category";
      form.insertBefore(hidden, form.firstChild);
    }
    if (hidden) {
      if (cat) {
        hidden.value = cat;
      } else {
        hidden.parentNode.removeChild(hidden);
      }
    }
    load(url.pathname + url.search, true);
    var heading = document.getElementById("search-count");
    if (heading) {
      heading.scrollIntoView();
    }
  });
  window.addEventListener("popstate", function () {
    if (location.pathname === "/servizi") {
      load(location.pathname + location.search, false);
    }
  });

  // Suggestions in a <datalist>: the browser shows them accessibly.
  var suggestTimer = null;
  function suggest(input, endpoint, listID, label) {
    var list = document.getElementById(listID);
    if (!list) {
      return;
    }
    input.setAttribute("list", listID);
    clearTimeout(suggestTimer);
    var text = input.value.trim();
    if (text.length < 2) {
      list.innerHTML = "";
      return;
    }
    suggestTimer = setTimeout(function () {
      fetch(endpoint + encodeURIComponent(text), {credentials: "same-origin"})
        .then(function (resp) { return resp.json(); })
        .then(function (items) {
          list.innerHTML = "";
          items.slice(0, 8).forEach(function (it) {
            var opt = document.createElement("option");
            opt.value = label(it);
            list.appendChild(opt);
          });
        })
        .catch(function () {});
    }, 200);
  }

  // "Vicino a me": the browser's position, when the user allows it.
  var near = document.getElementById("near-me");
  var nearStatus = document.getElementById("near-me-status");
  if (near && navigator.geolocation) {
    near.hidden = false;
    near.addEventListener("click", function () {
      nearStatus.textContent = form.dataset.locating;
      nearStatus.classList.remove("text-danger");
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.elements.lat.value = pos.coords.latitude.toFixed(3);
        form.elements.lon.value = pos.coords.longitude.toFixed(3);
        comune.value = "";
        nearStatus.textContent = "";
        form.submit();
      }, function () {
        nearStatus.textContent = form.dataset.denied;
        nearStatus.classList.add("text-danger");
      }, {timeout: 10000, maximumAge: 600000});
    });
  }

  // The map of the results (Leaflet), on demand.
  var mapOpen = false;
  var map = null;
  function setupMap(toggle) {
    var button = document.getElementById("map-toggle");
    var el = document.getElementById("search-map");
    if (!button || !el || !window.L) {
      return;
    }
    button.hidden = false;
    if (toggle) {
      mapOpen = !mapOpen;
    }
    button.setAttribute("aria-pressed", mapOpen ? "true" : "false");
    button.textContent = mapOpen ? button.dataset.hide : button.dataset.show;
    button.onclick = function () { setupMap(true); };
    el.hidden = !mapOpen;
    if (map) {
      map.remove();
      map = null;
    }
    if (!mapOpen) {
      return;
    }
    map = Trama.map(el, "search-map-note");
    var points = [];
    document.querySelectorAll(".search-item[data-lat]").forEach(function (item) {
      var ll = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)];
      var link = document.createElement("a");
      link.href = item.dataset.url;
      link.textContent = item.dataset.name;
      L.marker(ll, {title: item.dataset.name, alt: item.dataset.name}).bindPopup(link).addTo(map);
      points.push(ll);
    });
    if (points.length) {
      map.fitBounds(points, {padding: [24, 24], maxZoom: 15});
    } else {
      map.setView([41.9, 12.5], 5);
    }
  }
  setupMap(false);
})();
