// The location form (internal/directory): a map to pick a place's position,
// kept in step with the latitude and longitude fields, which stay the way to
// type it (and the whole way without JavaScript: the server then puts the
// comune's centre). Choosing another comune moves the point to its centre,
// so that the old comune's coordinates are not kept by mistake.
(function () {
  "use strict";

  var box = document.getElementById("location-picker");
  var el = document.getElementById("location-map");
  var lat = document.getElementById("f-latitude");
  var lon = document.getElementById("f-longitude");
  var comune = document.getElementById("f-istat_code");
  var other = document.getElementById("f-other_comune");
  var status = document.getElementById("location-map-status");
  var texts = document.getElementById("location-map-messages");
  if (!box || !el || !lat || !lon || !status || !texts) {
    return;
  }
  var centres = {};
  try {
    centres = JSON.parse(el.dataset.centres || "{}");
  } catch (e) {
    centres = {};
  }

  function say(template, args) {
    var i = 0;
    status.textContent = template.replace(/%s/g, function () { return args[i++]; });
  }
  function read(input) {
    var v = parseFloat(input.value.replace(",", "."));
    return isFinite(v) ? v : null;
  }
  function round(x) { return String(Math.round(x * 1e6) / 1e6); }
  function typed() {
    var a = read(lat), b = read(lon);
    return a !== null && b !== null ? [a, b] : null;
  }

  var map = null, marker = null;

  // put moves the pin (creating it the first time) without touching the fields.
  function put(ll, zoom) {
    if (!map) {
      return;
    }
    if (!marker) {
      marker = L.marker(ll, {draggable: true, keyboard: false, title: el.dataset.marker, alt: el.dataset.marker}).addTo(map);
      marker.on("dragend", function () { choose(marker.getLatLng()); });
    } else {
      marker.setLatLng(ll);
    }
    if (zoom) {
      map.setView(ll, zoom);
    } else {
      map.panTo(ll);
    }
  }

  // choose writes a point picked on the map into the fields.
  function choose(ll) {
    lat.value = round(ll.lat);
    lon.value = round(ll.lng);
    put([ll.lat, ll.lng]);
    say(texts.dataset.moved, [lat.value, lon.value]);
  }

  if (window.L && window.Trama) {
    box.hidden = false;
    map = Trama.map(el, "location-map-note");
    var start = typed() || (comune && centres[comune.value]);
    if (start) {
      put(start, typed() ? 16 : 13);
    } else {
      map.setView([42.5, 12.5], 5); // Italy, until a point is chosen
    }
    map.on("click", function (e) { choose(e.latlng); });
  }

  // Typed coordinates move the pin.
  [lat, lon].forEach(function (input) {
    input.addEventListener("change", function () {
      var ll = typed();
      if (ll) {
        put(ll);
      }
    });
  });

  // Another comune: its centre, not the old comune's point.
  if (comune) {
    comune.addEventListener("change", function () {
      var c = centres[comune.value];
      if (!c) {
        return;
      }
      lat.value = round(c[0]);
      lon.value = round(c[1]);
      put(c, 14);
      say(texts.dataset.centred, [comune.options[comune.selectedIndex].text]);
    });
  }
  // A comune typed by name is found by the server, which puts its centre.
  if (other) {
    other.addEventListener("change", function () {
      if (other.value.trim() !== "" && (lat.value !== "" || lon.value !== "")) {
        lat.value = "";
        lon.value = "";
        say(texts.dataset.cleared, []);
      }
    });
  }
})();
