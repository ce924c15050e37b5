// The service page (internal/portal): a small map of the places with a
// public position, and the system's share sheet where there is one. The
// page works without this file.
(function () {
  "use strict";

  var el = document.getElementById("portal-map");
  if (el && window.L) {
    var points = [];
    document.querySelectorAll(".portal-place[data-lat]").forEach(function (item) {
      points.push({ll: [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)], name: item.dataset.name});
    });
    if (points.length) {
      el.hidden = false;
      var map = Trama.map(el, "portal-map-note");
      points.forEach(function (p) {
        L.marker(p.ll, {title: p.name, alt: p.name, keyboard: false}).addTo(map);
      });
      map.fitBounds(points.map(function (p) { return p.ll; }), {padding: [24, 24], maxZoom: 16});
    }
  }

  var share = document.getElementById("portal-share");
  if (share && navigator.share) {
    share.hidden = false;
    share.addEventListener("click", function () {
      navigator.share({title: share.dataset.title, url: share.dataset.url}).catch(function () {});
    });
  }
})();
