/* memoria: the public map (map.html) and a person's path (_person_path.html), with Leaflet.
 *
 * Data comes from json_script blocks (the Content-Security-Policy allows no inline script).
 * A popup shows a copy of the place's (or the stop's) entry in the page's own list, so the map
 * says nothing the page does not say without scripts, and no record text goes through innerHTML.
 * Without network the tiles fail: the markers, popups and the list still work, and the page says
 * that the background could not be loaded.
 */
(function () {
  "use strict";

  function readJSON(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function statusAfter(container) {
    var next = container.nextElementSibling;
    return next && next.classList.contains("map-status") ? next : null;
  }

  function baseMap(container, config) {
    container.hidden = false;
    var map = L.map(container, { zoomControl: false });
    L.control.zoom({ zoomInTitle: config.labels.zoomIn, zoomOutTitle: config.labels.zoomOut }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    var tiles = L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 18 });
    var status = statusAfter(container);
    tiles.on("tileerror", function () {
      if (status && status.hidden) {
        status.textContent = config.labels.tilesFailed;
        status.hidden = false;
      }
    });
    tiles.addTo(map);
    map.on("popupopen", function (event) {
      // Leaflet names its close button in English only.
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", config.labels.close);
        close.title = config.labels.close;
      }
    });
    return map;
  }

  function pinIcon(config) {
    return L.icon({
      iconUrl: config.icon, iconRetinaUrl: config.icon2x, shadowUrl: config.shadow,
      iconSize: [25, 41], iconAnchor: [12, 41], popupAnchor: [1, -34], shadowSize: [41, 41],
    });
  }

  /* A copy of a list entry of the page, without its ids (they must stay unique). */
  function popupFor(id, prefix) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var entry = document.getElementById(id);
    if (!entry) return box;
    var copy = entry.cloneNode(true);
    copy.removeAttribute("id");
    copy.querySelectorAll("[id]").forEach(function (element) { element.removeAttribute("id"); });
    if (prefix) box.appendChild(document.createTextNode(prefix));
    while (copy.firstChild) box.appendChild(copy.firstChild);
    return box;
  }

  function fit(map, points) {
    if (points.length === 1) map.setView(points[0], 6);
    else map.fitBounds(points, { padding: [30, 30], maxZoom: 7 });
  }

  function visuallyHidden(text) {
    var span = document.createElement("span");
    span.className = "visually-hidden";
    span.textContent = text;
    return span;
  }

  function placesMap(container) {
    var config = readJSON(container.dataset.config);
    var places = readJSON(container.dataset.markers) || [];
    var map = baseMap(container, config);
    var icon = pinIcon(config);
    var group = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 50,
      iconCreateFunction: function (cluster) {
        var count = cluster.getChildCount();
        var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
        var outer = document.createElement("div");
        var inner = document.createElement("span");
        inner.appendChild(visuallyHidden(config.labels.group + " "));
        inner.appendChild(document.createTextNode(String(count)));
        outer.appendChild(inner);
        return L.divIcon({ html: outer, className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
      },
    });
    var points = [];
    places.forEach(function (place) {
      var marker = L.marker([place.lat, place.lon], { icon: icon, title: place.name, alt: place.name });
      marker.bindPopup(function () { return popupFor("map-place-" + place.id); }, { maxWidth: 320 });
      group.addLayer(marker);
      points.push([place.lat, place.lon]);
    });
    map.addLayer(group);
    fit(map, points);
  }

  function pathMap(container) {
    var config = readJSON(container.dataset.config);
    var stops = readJSON(container.dataset.markers) || [];
    var map = baseMap(container, config);
    map.scrollWheelZoom.disable(); // a small map inside a long page: the wheel scrolls the page
    var pin = pinIcon(config);
    var line = [];
    var points = [];
    stops.forEach(function (stop) {
      var label = stop.number ? stop.number + ". " + stop.name : stop.name;
      var icon = pin;
      if (stop.number) {
        var badge = document.createElement("span");
        var digits = document.createElement("span");
        digits.setAttribute("aria-hidden", "true");
        digits.textContent = String(stop.number);
        badge.appendChild(digits);
        badge.appendChild(visuallyHidden(label));
        icon = L.divIcon({ html: badge, className: "path-marker", iconSize: [28, 28], popupAnchor: [0, -12] });
        line.push([stop.lat, stop.lon]);
      }
      var marker = L.marker([stop.lat, stop.lon], { icon: icon, title: label, alt: label });
      marker.bindPopup(function () { return popupFor(stop.anchor, stop.number ? stop.number + ". " : ""); },
                       { maxWidth: 300 });
      marker.addTo(map);
      points.push([stop.lat, stop.lon]);
    });
    if (line.length > 1) L.polyline(line, { className: "path-line", weight: 3 }).addTo(map);
    fit(map, points);
  }

  function start() {
    if (typeof L === "undefined") return; // the list stays: it says everything the map says
    document.querySelectorAll("[data-map]").forEach(function (container) {
      if (container.dataset.map === "places") placesMap(container);
      else if (container.dataset.map === "path") pathMap(container);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
