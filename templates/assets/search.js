// Search for the handoff site: a list of suggestions under the search box
// of every page, and live filtering of the search page. Without this
// script the search box opens the search page, which lists everything.
(function () {
  "use strict";

  var script = document.currentScript;
  // The script lives in assets/, one folder below the site root.
  var root = new URL("../", script.src).href;
  var maxSuggestions = 8;
  var typeLabels = { system: "System", handoff: "Handoff", person: "Person", team: "Team", data: "Data", page: "Guide" };

  // normalize folds case and accents, so that "lopez" finds "López" and
  // full-width or compatibility forms match their plain letters.
  function normalize(text) {
    return (text || "").normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function words(query) {
    return normalize(query).split(/\s+/).filter(Boolean);
  }

  var wordChar = /[\p{L}\p{N}]/u;

  // rankIn returns how well a word matches a text: 0 at the start, 1 at the
  // start of a word, 2 inside a word, -1 not at all.
  function rankIn(text, word) {
    var at = text.indexOf(word);
    if (at < 0) {
      return -1;
    }
    if (at === 0) {
      return 0;
    }
    for (; at >= 0; at = text.indexOf(word, at + 1)) {
      if (!wordChar.test(text.charAt(at - 1))) {
        return 1;
      }
    }
    return 2;
  }

  // score returns the rank of an entry for the query words, lower is
  // better, or -1 when a word matches neither its title nor its text.
  function score(entry, query) {
    var total = 0;
    for (var i = 0; i < query.length; i++) {
      var r = rankIn(entry.title, query[i]);
      if (r < 0) {
        r = rankIn(entry.text, query[i]);
        if (r < 0) {
          return -1;
        }
        r += 3;
      }
      total += r;
    }
    return total;
  }

  var entries = null;
  var waiting = [];

  // withIndex calls done with the search entries, loading search-index.js
  // on first use. A script element works from file:// where fetch() does not.
  function withIndex(done) {
    if (entries) {
      done(entries);
      return;
    }
    waiting.push(done);
    if (waiting.length > 1) {
      return;
    }
    function ready() {
      var index = window.handoffSearchIndex || { items: [] };
      entries = index.items.map(function (item) {
        return { item: item, title: normalize(item.title), text: normalize(item.text) };
      });
      waiting.splice(0).forEach(function (fn) { fn(entries); });
    }
    if (window.handoffSearchIndex) {
      ready();
      return;
    }
    var tag = document.createElement("script");
    tag.src = root + "search-index.js";
    tag.onload = ready;
    tag.onerror = function () {
      waiting = [];
    };
    document.head.appendChild(tag);
  }

  function search(list, query) {
    var q = words(query);
    if (!q.length) {
      return [];
    }
    var found = [];
    list.forEach(function (entry, order) {
      var s = score(entry, q);
      if (s >= 0) {
        found.push({ entry: entry, score: s, order: order });
      }
    });
    found.sort(function (a, b) {
      return a.score - b.score || a.entry.item.title.length - b.entry.item.title.length || a.order - b.order;
    });
    return found.map(function (f) { return f.entry.item; });
  }

  // Suggestions under the search box in the page header, as an ARIA
  // combobox: arrow keys move through the options, Enter opens one, Escape
  // closes the list.
  function setUpSuggestions(form) {
    var input = form.querySelector("input[type=search]");
    if (!input) {
      return;
    }
    var list = document.createElement("ul");
    list.id = input.id + "-list";
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search suggestions");
    list.hidden = true;
    form.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var options = [];
    var active = -1;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function activate(i) {
      if (active >= 0 && options[active]) {
        options[active].removeAttribute("aria-selected");
      }
      active = i;
      if (i < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      options[i].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[i].id);
      options[i].scrollIntoView({ block: "nearest" });
    }

    function option(i, href, title, detail) {
      var li = document.createElement("li");
      li.id = list.id + "-" + i;
      li.setAttribute("role", "option");
      li.dataset.href = href;
      var name = document.createElement("span");
      name.className = "suggestion-title";
      name.textContent = title;
      li.appendChild(name);
      if (detail) {
        var small = document.createElement("small");
        small.textContent = detail;
        li.appendChild(small);
      }
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
      });
      li.addEventListener("click", function () {
        location.href = li.dataset.href;
      });
      return li;
    }

    function show() {
      var query = input.value;
      if (!words(query).length) {
        close();
        return;
      }
      withIndex(function (all) {
        if (input.value !== query) {
          return;
        }
        var found = search(all, query);
        list.textContent = "";
        options = [];
        active = -1;
        found.slice(0, maxSuggestions).forEach(function (item, i) {
          var li = option(i, root + item.url, item.title, typeLabels[item.type] + (item.detail ? " · " + item.detail : ""));
          options.push(li);
          list.appendChild(li);
        });
        var more = option(options.length, form.action + "?q=" + encodeURIComponent(query),
          found.length ? "All " + found.length + " results" : "No results: open the search page", "");
        more.classList.add("suggestion-all");
        options.push(more);
        list.appendChild(more);
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      });
    }

    // Some ways of pressing Enter submit the form even when the keydown
    // handler below cancels it, so the submit handler also opens the chosen
    // suggestion in place of the search page.
    form.addEventListener("submit", function (event) {
      if (!list.hidden && active >= 0 && options[active]) {
        event.preventDefault();
        location.href = options[active].dataset.href;
      }
    });
    input.addEventListener("input", show);
    input.addEventListener("focus", function () {
      withIndex(function () {});
      if (input.value) {
        show();
      }
    });
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && options.length > 0;
      switch (event.key) {
        case "ArrowDown":
          if (!open) {
            show();
            return;
          }
          event.preventDefault();
          activate((active + 1) % options.length);
          break;
        case "ArrowUp":
          if (!open) {
            return;
          }
          event.preventDefault();
          activate(active <= 0 ? options.length - 1 : active - 1);
          break;
        case "Enter":
          if (open && active >= 0) {
            event.preventDefault();
            location.href = options[active].dataset.href;
          }
          break;
        case "Escape":
          if (open) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
          }
          break;
      }
    });
  }

  // The search page lists everything; filter it by the query in its box,
  // which starts from ?q= in the address.
  function setUpSearchPage(input) {
    var status = document.getElementById("search-status");
    var groups = Array.prototype.slice.call(document.querySelectorAll(".search-group"));
    var items = [];
    groups.forEach(function (group) {
      group.querySelectorAll("li[data-search-text]").forEach(function (li) {
        var title = li.querySelector("a").textContent;
        items.push({ li: li, group: group, title: normalize(title), text: normalize(li.dataset.searchText) });
      });
    });
    var initial = status.textContent;

    function apply() {
      var q = words(input.value);
      var shown = 0;
      items.forEach(function (entry) {
        var match = !q.length || score(entry, q) >= 0;
        entry.li.hidden = !match;
        if (match) {
          shown++;
        }
      });
      groups.forEach(function (group) {
        var count = group.querySelectorAll("li[data-search-text]:not([hidden])").length;
        group.hidden = count === 0;
        group.querySelector(".search-count").textContent = count;
      });
      if (!q.length) {
        status.textContent = initial;
      } else if (shown === 0) {
        status.textContent = "No results for “" + input.value.trim() + "”.";
      } else {
        status.textContent = shown + (shown === 1 ? " result" : " results") + " for “" + input.value.trim() + "”.";
      }
    }

    var query = new URLSearchParams(location.search).get("q") || "";
    input.value = query;
    var header = document.getElementById("site-search");
    if (header) {
      header.value = query;
    }
    input.addEventListener("input", function () {
      apply();
      try {
        var url = new URL(location.href);
        if (input.value) {
          url.searchParams.set("q", input.value);
        } else {
          url.searchParams.delete("q");
        }
        history.replaceState(null, "", url.href);
      } catch (e) {
        // Some browsers reject a change of the address of a file:// page.
      }
    });
    apply();
  }

  function start() {
    document.querySelectorAll("form.search").forEach(setUpSuggestions);
    var pageInput = document.getElementById("search-page-q");
    if (pageInput) {
      setUpSearchPage(pageInput);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
