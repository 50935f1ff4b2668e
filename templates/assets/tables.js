// Filters and column sorting for the handoff list. The filters are kept in
// the address, as in #kind=webhook&owner=maria, so a filtered view can be
// linked. Without this script the whole table shows.
(function () {
  "use strict";

  var filterNames = ["kind", "stakes", "owner", "team", "review", "status"];

  function start() {
    var table = document.querySelector("table[data-filterable]");
    var form = document.getElementById("handoff-filters");
    if (!table || !form) {
      return;
    }
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, i) {
      row.dataset.order = i;
    });
    var count = document.getElementById("handoff-count");
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var state = readState();

    form.hidden = false;
    table.classList.add("is-sortable");

    function readState() {
      var text = location.hash.length > 1 ? location.hash.slice(1) : location.search.slice(1);
      var params = new URLSearchParams(text);
      var s = { filters: {}, sort: params.get("sort") || "", order: params.get("order") === "desc" ? "desc" : "asc" };
      filterNames.forEach(function (name) {
        s.filters[name] = params.get(name) || "";
      });
      return s;
    }

    function writeState() {
      var params = new URLSearchParams();
      filterNames.forEach(function (name) {
        if (state.filters[name]) {
          params.set(name, state.filters[name]);
        }
      });
      if (state.sort) {
        params.set("sort", state.sort);
        params.set("order", state.order);
      }
      var hash = params.toString();
      var url = location.href.split("#")[0] + (hash ? "#" + hash : "");
      try {
        history.replaceState(null, "", url);
      } catch (e) {
        location.replace(hash ? "#" + hash : "#");
      }
    }

    function matches(row) {
      return filterNames.every(function (name) {
        var want = state.filters[name];
        if (!want) {
          return true;
        }
        var have = row.dataset[name] || "";
        return name === "stakes" ? have.split(" ").indexOf(want) >= 0 : have === want;
      });
    }

    function sortKey(row, column) {
      var cell = row.cells[column];
      return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
    }

    function apply() {
      filterNames.forEach(function (name) {
        var select = form.elements[name];
        if (!select) {
          return;
        }
        var known = Array.prototype.some.call(select.options, function (o) {
          return o.value === state.filters[name];
        });
        select.value = known ? state.filters[name] : "";
      });

      var column = -1;
      headers.forEach(function (th, i) {
        if (th.dataset.key === state.sort) {
          column = i;
          th.setAttribute("aria-sort", state.order === "desc" ? "descending" : "ascending");
        } else {
          th.removeAttribute("aria-sort");
        }
      });
      var ordered = rows.slice();
      if (column >= 0) {
        var sign = state.order === "desc" ? -1 : 1;
        ordered.sort(function (a, b) {
          var c = sortKey(a, column).localeCompare(sortKey(b, column), undefined, { numeric: true, sensitivity: "base" });
          return sign * c || a.dataset.order - b.dataset.order;
        });
      }
      var shown = 0;
      ordered.forEach(function (row) {
        row.hidden = !matches(row);
        if (!row.hidden) {
          shown++;
        }
        body.appendChild(row);
      });
      if (count) {
        count.textContent = shown === rows.length
          ? "Showing all " + rows.length + " handoffs."
          : "Showing " + shown + " of " + rows.length + " handoffs.";
      }
    }

    headers.forEach(function (th) {
      if (!th.dataset.key) {
        return;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) {
        button.appendChild(th.firstChild);
      }
      th.appendChild(button);
      button.addEventListener("click", function () {
        if (state.sort === th.dataset.key) {
          state.order = state.order === "asc" ? "desc" : "asc";
        } else {
          state.sort = th.dataset.key;
          state.order = "asc";
        }
        apply();
        writeState();
      });
    });

    form.addEventListener("change", function (event) {
      if (filterNames.indexOf(event.target.name) >= 0) {
        state.filters[event.target.name] = event.target.value;
        apply();
        writeState();
      }
    });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      filterNames.forEach(function (name) {
        state.filters[name] = "";
      });
      apply();
      writeState();
    });
    window.addEventListener("hashchange", function () {
      state = readState();
      apply();
    });
    apply();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
