// Zoom, pan, full screen and edge highlighting for the Graphviz graphs of
// the handoff site. Without this script each graph is a plain SVG image
// with links, which scrolls when it is wider than the page.
(function () {
  "use strict";

  var minZoom = 0.5;
  var maxZoom = 8;
  var step = 1.25;

  // naturalWidth returns the width Graphviz gave the SVG, in CSS pixels.
  function naturalWidth(svg) {
    var w = svg.getAttribute("width") || "";
    var n = parseFloat(w);
    if (!n) {
      return svg.getBoundingClientRect().width;
    }
    return /pt$/.test(w) ? n * 4 / 3 : n;
  }

  function button(label, text) {
    var b = document.createElement("button");
    b.type = "button";
    b.setAttribute("aria-label", label);
    b.title = label;
    b.textContent = text;
    return b;
  }

  function setUpGraph(canvas) {
    var svg = canvas.querySelector("svg");
    if (!svg || !svg.querySelector("g.graph")) {
      return;
    }
    var figure = canvas.closest("figure") || canvas.parentNode;
    var zoom = 1;

    var bar = document.createElement("div");
    bar.className = "graph-tools";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Graph view");
    var zoomIn = button("Zoom in", "+");
    var zoomOut = button("Zoom out", "−");
    var reset = button("Fit to width", "Fit");
    var full = button("Full screen", "Full screen");
    full.setAttribute("aria-pressed", "false");
    [zoomIn, zoomOut, reset, full].forEach(function (b) { bar.appendChild(b); });
    figure.insertBefore(bar, figure.firstChild);

    function fitWidth() {
      return Math.min(naturalWidth(svg), canvas.clientWidth - 16);
    }

    function setZoom(z, cx, cy) {
      z = Math.max(minZoom, Math.min(maxZoom, z));
      var rect = canvas.getBoundingClientRect();
      var px = cx === undefined ? rect.width / 2 : cx - rect.left;
      var py = cy === undefined ? rect.height / 2 : cy - rect.top;
      var fx = (canvas.scrollLeft + px) / Math.max(canvas.scrollWidth, 1);
      var fy = (canvas.scrollTop + py) / Math.max(canvas.scrollHeight, 1);
      zoom = z;
      if (z === 1) {
        svg.style.width = "";
        svg.style.maxWidth = "";
      } else {
        svg.style.maxWidth = "none";
        svg.style.width = Math.round(fitWidth() * z) + "px";
      }
      canvas.scrollLeft = fx * canvas.scrollWidth - px;
      canvas.scrollTop = fy * canvas.scrollHeight - py;
      canvas.classList.toggle("is-zoomed", z !== 1);
    }

    zoomIn.addEventListener("click", function () { setZoom(zoom * step); });
    zoomOut.addEventListener("click", function () { setZoom(zoom / step); });
    reset.addEventListener("click", function () { setZoom(1); });

    function setFull(on) {
      figure.classList.toggle("graph-full", on);
      document.body.classList.toggle("has-full-graph", on);
      full.setAttribute("aria-pressed", on ? "true" : "false");
      full.textContent = on ? "Close" : "Full screen";
      full.setAttribute("aria-label", on ? "Close full screen" : "Full screen");
      full.title = full.getAttribute("aria-label");
      setZoom(zoom);
    }
    full.addEventListener("click", function () {
      setFull(!figure.classList.contains("graph-full"));
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && figure.classList.contains("graph-full")) {
        setFull(false);
        full.focus();
      }
    });

    // Ctrl or Cmd with the wheel zooms at the pointer; the plain wheel
    // scrolls the page as usual.
    canvas.addEventListener("wheel", function (event) {
      if (!event.ctrlKey && !event.metaKey) {
        return;
      }
      event.preventDefault();
      setZoom(event.deltaY < 0 ? zoom * step : zoom / step, event.clientX, event.clientY);
    }, { passive: false });

    // Dragging pans a graph larger than its frame. A drag that moved is
    // not a click, so it does not open the node or edge it started on.
    var drag = null;
    var dragged = false;
    canvas.addEventListener("pointerdown", function (event) {
      if (event.button !== 0 || (canvas.scrollWidth <= canvas.clientWidth && canvas.scrollHeight <= canvas.clientHeight)) {
        return;
      }
      drag = { x: event.clientX, y: event.clientY, left: canvas.scrollLeft, top: canvas.scrollTop };
      dragged = false;
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drag) {
        return;
      }
      var dx = event.clientX - drag.x;
      var dy = event.clientY - drag.y;
      if (!dragged && Math.abs(dx) + Math.abs(dy) < 5) {
        return;
      }
      if (!dragged) {
        dragged = true;
        canvas.setPointerCapture(event.pointerId);
        canvas.classList.add("is-dragging");
      }
      canvas.scrollLeft = drag.left - dx;
      canvas.scrollTop = drag.top - dy;
    });
    function endDrag() {
      drag = null;
      canvas.classList.remove("is-dragging");
    }
    canvas.addEventListener("pointerup", endDrag);
    canvas.addEventListener("pointercancel", endDrag);
    canvas.addEventListener("click", function (event) {
      if (dragged) {
        event.preventDefault();
        event.stopPropagation();
        dragged = false;
      }
    }, true);

    highlightEdges(svg);
  }

  // highlightEdges dims everything but a node, its edges and its neighbours
  // while the pointer or keyboard focus is on the node. Graphviz writes the
  // node id as the <title> of a node and "from->to" as that of an edge.
  function highlightEdges(svg) {
    var nodes = {};
    svg.querySelectorAll("g.node").forEach(function (g) {
      var title = g.querySelector("title");
      if (title) {
        nodes[title.textContent] = g;
      }
    });
    var edgesOf = {};
    svg.querySelectorAll("g.edge").forEach(function (g) {
      var title = g.querySelector("title");
      var text = title ? title.textContent : "";
      var arrow = text.lastIndexOf(">");
      if (arrow < 1 || text.charAt(arrow - 1) !== "-") {
        return;
      }
      var from = text.slice(0, arrow - 1);
      var to = text.slice(arrow + 1);
      [from, to].forEach(function (id) {
        (edgesOf[id] = edgesOf[id] || []).push({ edge: g, other: id === from ? to : from });
      });
    });
    Object.keys(nodes).forEach(function (id) {
      var node = nodes[id];
      function on() {
        svg.classList.add("is-highlighting");
        node.classList.add("is-highlighted");
        (edgesOf[id] || []).forEach(function (e) {
          e.edge.classList.add("is-highlighted");
          if (nodes[e.other]) {
            nodes[e.other].classList.add("is-highlighted");
          }
        });
      }
      function off() {
        svg.classList.remove("is-highlighting");
        svg.querySelectorAll(".is-highlighted").forEach(function (el) {
          el.classList.remove("is-highlighted");
        });
      }
      node.addEventListener("mouseenter", on);
      node.addEventListener("mouseleave", off);
      node.addEventListener("focusin", on);
      node.addEventListener("focusout", off);
    });
  }

  function start() {
    document.querySelectorAll(".graph-canvas").forEach(setUpGraph);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
