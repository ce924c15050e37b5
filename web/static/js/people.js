// Persone attive: small enhancements; every page works without them.
(function () {
  "use strict";
  // Print buttons (the attestation of hours).
  document.querySelectorAll(".js-print").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });

  // The coordinators' map: one circle per comune, coloured by coverage,
  // from the same data as the table (which stays the reference).
  var el = document.getElementById("network-map");
  if (!el || typeof L === "undefined") { return; }
  fetch(el.dataset.src, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (points) {
    if (!points.length) { return; }
    el.hidden = false;
    var map = L.map(el);
    L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: "&copy; OpenStreetMap" }).addTo(map);
    var colours = { none: "#c02b2b", thin: "#c77700", ok: "#1b7a3a" };
    var bounds = [];
    points.forEach(function (p) {
      var m = L.circleMarker([p.lat, p.lon], { radius: 8 + Math.min(12, p.counts.sentinella || 0), color: colours[p.level], weight: 2 });
      m.bindPopup(document.createTextNode(p.label).textContent);
      m.addTo(map);
      bounds.push([p.lat, p.lon]);
    });
    map.fitBounds(bounds, { padding: [30, 30] });
  });
})();
