// Trama's progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Trama.map makes a Leaflet map in el with the site's tiles (el's
  // data-tiles and data-attribution); if they cannot be loaded, a note
  // (data-tiles-failed, class noteClass) says so once, after the map. The
  // pages with maps load Leaflet and call it.
  window.Trama = {
    map: function (el, noteClass) {
      var map = L.map(el, {scrollWheelZoom: false});
      var warned = false;
      L.tileLayer(el.dataset.tiles, {maxZoom: 19, attribution: el.dataset.attribution})
        .on("tileerror", function () {
          if (!warned) {
            warned = true;
            var note = document.createElement("p");
            note.className = noteClass;
            note.setAttribute("role", "status");
            note.textContent = el.dataset.tilesFailed;
            el.parentNode.insertBefore(note, el.nextSibling);
          }
        })
        .addTo(map);
      return map;
    }
  };

  // Buttons with data-confirm ask before submitting their form.
  document.addEventListener("submit", function (ev) {
    var btn = ev.submitter;
    if (btn && btn.dataset && btn.dataset.confirm && !window.confirm(btn.dataset.confirm)) {
      ev.preventDefault();
    }
  });
})();
