/* memoria: the public map (map.html) and a person's path (_person_path.html), with Leaflet.
 *
 * Data comes from json_script blocks (the Content-Security-Policy allows no inline script).
 * A popup shows a copy of the place's (or the stop's) entry in the page's own list, so the map
 * says nothing the page does not say without scripts, and no record text goes through innerHTML.
 * The background is memoria's own offline basemap (Natural Earth: land, coastlines, lakes,
 * rivers, borders, country and city names; vendor/natural-earth/, built by scripts/build-basemap),
 * drawn as vector layers on a canvas, so the hall screen needs no network. When MEMORIA_TILE_URL
 * is set, raster tiles from that server are drawn instead; if they fail (no network), the
 * markers, popups and the list still work, and the page says that the background is missing.
 */
(function () {
  "use strict";

  // The basemap's address comes with this script's tag (its hashed static name).
  var script = document.currentScript;
  var basemapUrl = script ? script.getAttribute("data-basemap") : null;
  // Beyond zoom 7 the 1:50m shapes turn coarse; below 2 the world is smaller than a phone.
  var BASEMAP_MAX_ZOOM = 7;
  var basemapRequest = null;

  function readJSON(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function statusAfter(container) {
    var next = container.nextElementSibling;
    return next && next.classList.contains("map-status") ? next : null;
  }

  function backgroundFailed(container, config) {
    var status = statusAfter(container);
    if (status && status.hidden) {
      status.textContent = config.labels.tilesFailed;
      status.hidden = false;
    }
  }

  function tileBackground(map, container, config) {
    var tiles = L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 18 });
    tiles.on("tileerror", function () { backgroundFailed(container, config); });
    tiles.addTo(map);
  }

  /* The basemap's colours live in site.css (custom properties of .map-offline). */
  function palette(container) {
    var style = window.getComputedStyle(container);
    function read(name) { return style.getPropertyValue("--basemap-" + name).trim(); }
    return { land: read("land"), water: read("water"), coast: read("coast"), river: read("river"), border: read("border") };
  }

  function loadBasemap() {
    if (!basemapRequest) {
      basemapRequest = fetch(basemapUrl, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error("basemap: HTTP " + response.status);
        return response.json();
      });
    }
    return basemapRequest; // the place map and a path map on one page share one download
  }

  function labelMarker(latlng, text, className) {
    var span = document.createElement("span");
    span.textContent = text;
    return L.marker(latlng, {
      icon: L.divIcon({ html: span, className: "basemap-label " + className, iconSize: null }),
      interactive: false, keyboard: false, pane: "basemapLabels",
    });
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  /* Hide every label that would overlap one placed before it (the list is in order of rank). */
  function declutter(markers) {
    var shown = markers.filter(function (marker) { return marker.getElement(); });
    shown.forEach(function (marker) { marker.getElement().classList.remove("basemap-label-hidden"); });
    var boxes = shown.map(function (marker) { return marker.getElement().firstChild.getBoundingClientRect(); });
    var placed = [];
    shown.forEach(function (marker, i) {
      var clash = placed.some(function (box) { return overlaps(box, boxes[i]); });
      if (clash) marker.getElement().classList.add("basemap-label-hidden");
      else placed.push(boxes[i]);
    });
  }

  /* Labels in groups by the zoom they appear at, so that names never crowd a small scale; at each
   * zoom the more important name wins where two would overlap (countries, then cities, by rank). */
  function addLabels(map, data) {
    var lang = (document.documentElement.lang || "en").split("-")[0];
    var groups = [];
    var ranked = [];
    function put(label, marker, isCity) {
      var zoom = Math.min(label.minZoom, BASEMAP_MAX_ZOOM);
      (groups[zoom] = groups[zoom] || L.layerGroup()).addLayer(marker);
      ranked.push({ zoom: zoom, isCity: isCity, marker: marker });
    }
    data.countries.forEach(function (country) {
      var name = country.name[lang] || country.name.en;
      put(country, labelMarker([country.lat, country.lon], name, "basemap-country"), false);
    });
    data.cities.forEach(function (city) {
      var className = "basemap-city" + (city.capital ? " basemap-capital" : "");
      put(city, labelMarker([city.lat, city.lon], city.name, className), true);
    });
    ranked.sort(function (a, b) { return a.zoom - b.zoom || a.isCity - b.isCity; });
    var order = ranked.map(function (entry) { return entry.marker; });
    function showForZoom() {
      var zoom = map.getZoom();
      groups.forEach(function (group, minZoom) {
        if (!group) return;
        if (minZoom <= zoom) map.addLayer(group);
        else map.removeLayer(group);
      });
      declutter(order);
    }
    map.on("zoomend", showForZoom);
    showForZoom();
  }

  function drawBasemap(map, container, data) {
    var colours = palette(container);
    var renderer = L.canvas({ pane: "basemap", padding: 0.5 });
    function layer(collection, style) {
      L.geoJSON(collection, { renderer: renderer, interactive: false, style: style }).addTo(map);
    }
    var land = { stroke: false, fill: true, fillColor: colours.land, fillOpacity: 1 };
    layer(data.landOutside, land);
    layer(data.land, land);
    layer(data.lakes, { stroke: false, fill: true, fillColor: colours.water, fillOpacity: 1 });
    layer(data.coastlines, { color: colours.coast, weight: 0.8, opacity: 1 });
    layer(data.rivers, { color: colours.river, weight: 1, opacity: 1 });
    layer(data.bordersOutside, { color: colours.border, weight: 1, opacity: 1 });
    layer(data.borders, { color: colours.border, weight: 1, opacity: 1 });
    addLabels(map, data);
  }

  function offlineBackground(map, container, config) {
    container.classList.add("map-offline");
    map.createPane("basemap").style.zIndex = 200; // where tiles would be: under paths and pins
    var labels = map.createPane("basemapLabels");
    labels.style.zIndex = 350;
    labels.style.pointerEvents = "none";
    labels.setAttribute("aria-hidden", "true"); // the places' own list says everything in words
    map.attributionControl.addAttribution(config.attribution);
    // The whole world is drawn (1:110m outside the exhibition's region): never pan into a void.
    map.setMaxBounds([[-85, -180], [85, 180]]);
    map.options.maxBoundsViscosity = 1;
    map.setMinZoom(Math.max(2, Math.ceil(Math.log2(container.clientWidth / 256))));
    if (!basemapUrl || !window.fetch) return backgroundFailed(container, config);
    loadBasemap().then(function (data) { drawBasemap(map, container, data); })
      .catch(function () { backgroundFailed(container, config); });
  }

  function baseMap(container, config) {
    container.hidden = false;
    var offline = !config.tileUrl;
    var map = L.map(container, { zoomControl: false, maxZoom: offline ? BASEMAP_MAX_ZOOM : 18 });
    L.control.zoom({ zoomInTitle: config.labels.zoomIn, zoomOutTitle: config.labels.zoomOut }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (offline) offlineBackground(map, container, config);
    else tileBackground(map, container, config);
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
    // One place alone: on the offline basemap one step further out, so that its country's name shows.
    if (points.length === 1) map.setView(points[0], map.getMaxZoom() === BASEMAP_MAX_ZOOM ? 5 : 6);
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
