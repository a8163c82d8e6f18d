/* Kiosk mode (memoria.labels.kiosk): a touchscreen in the exhibition hall.
 *
 * - Full screen on the first touch, click or key (browsers allow it only after a gesture).
 * - After the idle time given in <body data-kiosk-idle-seconds>, show the attract screen
 *   (<body data-kiosk-attract>): the exhibition's title and quotations, "touch to begin" in
 *   four languages; a touch there opens the exhibition's home (<body data-kiosk-home>) in the
 *   kiosk's language, for the next visitor. On the attract screen the quotations take turns.
 * - A backstop for the templates: links that leave the exhibition (other hosts, the back
 *   office, the API, file downloads) become plain text, also when a script adds them later
 *   (a map's attribution, for instance).
 */
(function () {
  "use strict";
  var body = document.body;
  if (!body || !body.classList.contains("kiosk")) return;

  var home = body.getAttribute("data-kiosk-home") || "/";
  var attract = body.getAttribute("data-kiosk-attract") || home;
  var idleSeconds = parseFloat(body.getAttribute("data-kiosk-idle-seconds"));
  if (!(idleSeconds > 0)) idleSeconds = 180;
  var onAttractScreen = body.hasAttribute("data-kiosk-attract-screen");

  function goFullscreen() {
    var root = document.documentElement;
    if (document.fullscreenElement || !root.requestFullscreen) return;
    try {
      var result = root.requestFullscreen({ navigationUI: "hide" });
      if (result && result.catch) result.catch(function () { /* refused: stay windowed */ });
    } catch (error) { /* not allowed here: stay windowed */ }
  }

  var QUOTE_SECONDS = 9;
  function rotateQuotations() {
    var quotes = document.querySelectorAll(".attract-quote");
    if (quotes.length < 2) return;
    var shown = 0;
    window.setInterval(function () {
      quotes[shown].classList.remove("is-shown");
      shown = (shown + 1) % quotes.length;
      quotes[shown].classList.add("is-shown");
    }, QUOTE_SECONDS * 1000);
  }

  var timer = null;
  function goIdle() {
    window.location.assign(new URL(attract, window.location.href).href);
  }
  function restart() {
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(goIdle, idleSeconds * 1000);
  }
  if (onAttractScreen) {
    rotateQuotations();
  } else {
    ["pointerdown", "touchstart", "mousedown", "mousemove", "keydown", "wheel", "scroll"].forEach(function (name) {
      window.addEventListener(name, restart, { passive: true, capture: true });
    });
    restart();
  }
  ["pointerdown", "keydown"].forEach(function (name) {
    window.addEventListener(name, goFullscreen, { capture: true });
  });

  function leavesExhibition(link) {
    var href = link.getAttribute("href");
    if (!href || href.charAt(0) === "#") return false;
    var url;
    try { url = new URL(href, window.location.href); } catch (error) { return true; }
    if (url.origin !== window.location.origin) return true;
    if (link.hasAttribute("download")) return true;
    return /^\/(admin|api|media)\//.test(url.pathname);
  }
  function neutralise(root) {
    var links = root.querySelectorAll ? root.querySelectorAll("a[href]") : [];
    Array.prototype.forEach.call(links, function (link) {
      if (!leavesExhibition(link)) return;
      var text = document.createElement("span");
      text.className = "kiosk-unlinked";
      text.textContent = link.textContent;
      link.replaceWith(text);
    });
  }
  neutralise(document);
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      Array.prototype.forEach.call(change.addedNodes, function (node) {
        if (node.nodeType !== 1) return;
        if (node.matches && node.matches("a[href]")) {
          var holder = document.createElement("span");
          node.replaceWith(holder);
          holder.appendChild(node);
          neutralise(holder);
        } else {
          neutralise(node);
        }
      });
    });
  }).observe(body, { childList: true, subtree: true });
})();
