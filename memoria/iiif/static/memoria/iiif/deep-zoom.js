/* Deep zoom on the item page: OpenSeadragon on our IIIF Image API (level 0 tiles).
 *
 * Without JavaScript the page shows the still display image. With it, each figure that has
 * tiles shows a "Zoom" button; the viewer opens in place of the image, with real <button>
 * controls (keyboard and screen readers) and OpenSeadragon's own keys on the focused canvas
 * (arrows to move, + and - to zoom, 0 for the whole image). No inline script or style: the CSP
 * allows neither. */
(function () {
  "use strict";

  function button(template) {
    var copy = template.cloneNode(true);
    copy.hidden = false;
    return copy;
  }

  function setUp(figure) {
    var open = figure.querySelector("[data-deep-zoom-open]");
    var still = figure.querySelector("img");
    var tools = figure.querySelector("[data-deep-zoom-tools]");
    var stage = figure.querySelector("[data-deep-zoom-stage]");
    if (!open || !tools || !stage || typeof OpenSeadragon === "undefined") {
      return;
    }
    var viewer = null;

    function close() {
      if (viewer) {
        viewer.destroy();
        viewer = null;
      }
      stage.hidden = true;
      tools.hidden = true;
      if (still) { still.hidden = false; }
      open.hidden = false;
      open.setAttribute("aria-expanded", "false");
      open.focus();
    }

    function start() {
      open.hidden = true;
      open.setAttribute("aria-expanded", "true");
      if (still) { still.hidden = true; }
      stage.hidden = false;
      tools.hidden = false;
      viewer = OpenSeadragon({
        element: stage,
        tileSources: figure.getAttribute("data-iiif-info"),
        showNavigationControl: false,
        // The 2D canvas drawer: scans need no WebGL, and it stays smooth on phones and
        // computers without a graphics processor.
        drawer: "canvas",
        crossOriginPolicy: false,
        visibilityRatio: 0.8,
        gestureSettingsMouse: { clickToZoom: false },
        maxZoomPixelRatio: 2
      });
      viewer.addHandler("tile-loaded", function () {
        stage.setAttribute("data-tiles-loaded", "yes");
      });
      viewer.addHandler("open-failed", function () {
        close();
      });
      // OpenSeadragon's focusable canvas takes the keys (arrows, + and -, 0): say what it is
      // and what it shows.
      var canvas = stage.querySelector(".openseadragon-canvas");
      if (canvas) {
        canvas.setAttribute("role", "application");
        canvas.setAttribute("aria-label", (still && still.alt) || stage.getAttribute("aria-label") || "");
      }
      tools.querySelector("[data-zoom='in']").focus();
    }

    tools.addEventListener("click", function (event) {
      var control = event.target.closest("[data-zoom]");
      if (!control || !viewer) { return; }
      var action = control.getAttribute("data-zoom");
      if (action === "in") {
        viewer.viewport.zoomBy(1.6);
      } else if (action === "out") {
        viewer.viewport.zoomBy(1 / 1.6);
      } else if (action === "home") {
        viewer.viewport.goHome();
      } else if (action === "close") {
        close();
        return;
      }
      viewer.viewport.applyConstraints();
    });
    figure.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && viewer) { close(); }
    });
    open.addEventListener("click", start);
    open.hidden = false;
  }

  function keepOpenSeadragonFromInjectingStyle() {
    /* OpenSeadragon adds an inline <style> (hiding the canvas's focus outline on touch screens)
     * unless one with this attribute exists. Our CSP refuses inline styles, and the focus
     * outline must stay visible anyway. Its check is satisfied by an element named "style"
     * outside the HTML namespace, which the browser never applies as a style sheet (even an
     * empty HTML <style> counts as an inline style for the CSP). */
    if (!document.querySelector("style[data-openseadragon-mobile-css]")) {
      var marker = document.createElementNS("urn:x-memoria:marker", "style");
      marker.setAttribute("data-openseadragon-mobile-css", "true");
      document.head.appendChild(marker);
    }
  }

  function init() {
    keepOpenSeadragonFromInjectingStyle();
    var figures = document.querySelectorAll("[data-iiif-info]");
    for (var i = 0; i < figures.length; i++) { setUp(figures[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
