/* memoria: the public timeline (timeline.html), with vis-timeline.
 *
 * Items come from a json_script block. Each item is a link to the event's page (built as DOM
 * nodes, not HTML text); clicking anywhere on an item opens that page too. The axis labels are
 * written with the browser's Intl in the page's language (vis-timeline's bundled moment has no
 * Kazakh). The ordered list under the timeline holds the same events for readers without it.
 */
(function () {
  "use strict";

  var DAY = 24 * 3600 * 1000;
  var YEAR = 365.25 * DAY;

  function readJSON(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function formatter(lang, options) {
    try {
      return new Intl.DateTimeFormat(lang, options);
    } catch (error) {
      return new Intl.DateTimeFormat(undefined, options);
    }
  }

  // Labels of late events run to the left of their date (CSS: .timeline-late). vis-timeline
  // stacks items by the extent it computes itself (the item and a label to its right), so it
  // would put such a label over an earlier event's: widen that extent leftwards by the label.
  var LATE_LABEL_GAP = 10; // px, as in site.css
  function stackLabelsToTheLeft(ItemType) {
    var reposition = ItemType.prototype.repositionX;
    ItemType.prototype.repositionX = function () {
      reposition.apply(this, arguments);
      var content = this.dom && this.dom.content;
      var late = this.data && typeof this.data.className === "string" && / timeline-late\b/.test(" " + this.data.className);
      if (!late || !content || this.options.rtl) return;
      var label = content.offsetWidth + LATE_LABEL_GAP;
      this.left -= label;
      this.width += label;
    };
  }

  function start() {
    var container = document.getElementById("events-timeline");
    if (!container || typeof vis === "undefined") return;
    var items = readJSON(container.dataset.items) || [];
    var config = readJSON(container.dataset.config) || {};
    var lang = config.lang || document.documentElement.lang || "en";

    var month = formatter(lang, { month: "short" });
    var monthYear = formatter(lang, { month: "long", year: "numeric" });
    var day = formatter(lang, { day: "numeric" });
    function asDate(value) { return value && value.toDate ? value.toDate() : new Date(value); }
    function minorLabel(date, scale) {
      var d = asDate(date);
      if (scale === "year") return String(d.getFullYear());
      if (scale === "month") return month.format(d);
      if (scale === "day" || scale === "weekday" || scale === "week") return day.format(d);
      return "";
    }
    function majorLabel(date, scale) {
      var d = asDate(date);
      if (scale === "month") return String(d.getFullYear());
      if (scale === "day" || scale === "weekday" || scale === "week") return monthYear.format(d);
      return "";
    }

    // Labels run to the right of their date; those in the last third of the span run to the
    // left instead, so that the latest events can be read without scrolling (on a phone too).
    var lateFrom = null;
    if (config.span && config.span.min) {
      var first = new Date(config.span.min).getTime(), last = new Date(config.span.max).getTime();
      lateFrom = first + (last - first) * 2 / 3;
    }

    var urls = {};
    var data = new vis.DataSet(items.map(function (event) {
      urls[event.id] = event.url;
      var link = document.createElement("a");
      link.href = event.url;
      link.textContent = event.title;
      link.title = event.date;
      var item = {
        id: event.id, start: event.start, type: event.type, content: link,
        className: (event.uncertain ? "timeline-uncertain" : "timeline-exact") +
          (lateFrom !== null && new Date(event.start).getTime() > lateFrom ? " timeline-late" : ""),
      };
      if (event.end) item.end = event.end;
      return item;
    }));

    var itemTypes = vis.timeline && vis.timeline.components && vis.timeline.components.items;
    if (itemTypes && !itemTypes.RangeItem.prototype.memoriaLabelsLeft) {
      stackLabelsToTheLeft(itemTypes.RangeItem);
      stackLabelsToTheLeft(itemTypes.PointItem);
      itemTypes.RangeItem.prototype.memoriaLabelsLeft = true;
    }

    container.hidden = false;
    var options = {
      locale: ["ru", "fr"].indexOf(lang) >= 0 ? lang : "en",
      format: { minorLabels: minorLabel, majorLabels: majorLabel },
      zoomMin: 31 * DAY, // a month: the finest a date in the archive usually is
      zoomMax: 100 * YEAR, // a century: the 1930s to the present fit with room
      zoomKey: "ctrlKey", // the mouse wheel scrolls the page; Ctrl + wheel zooms
      showCurrentTime: false,
      selectable: true,
      stack: true,
      margin: { item: 8 },
    };
    if (config.span && config.span.min) {
      options.min = config.span.min;
      options.max = config.span.max;
      // Open on the whole span, margins included: fitting the items alone puts the latest
      // ones against the right edge, their labels cut off. Set once the first drawing is
      // done: with start/end options vis-timeline keeps itself hidden until the window has
      // moved at least once.
      options.onInitialDrawComplete = function () {
        timeline.setWindow(config.span.min, config.span.max, { animation: false });
      };
    }
    var timeline = new vis.Timeline(container, data, options);

    timeline.on("click", function (properties) {
      if (properties.item == null || !urls[properties.item]) return;
      var target = properties.event && properties.event.target;
      // A click on the link itself is followed by the browser.
      if (target && target.closest && target.closest("a[href]")) return;
      window.location.assign(urls[properties.item]);
    });

    var tools = document.querySelector(".timeline-tools");
    if (tools) {
      tools.hidden = false;
      tools.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-zoom]");
        if (!button) return;
        if (button.dataset.zoom === "in") timeline.zoomIn(0.5);
        else if (button.dataset.zoom === "out") timeline.zoomOut(0.5);
        else if (config.span && config.span.min) timeline.setWindow(config.span.min, config.span.max);
        else timeline.fit();
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
