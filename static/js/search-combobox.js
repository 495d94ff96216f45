/* Search-as-you-type for every site search form: the ARIA 1.2 combobox pattern.
 * Without JavaScript the form simply submits to /search/. */
(function () {
  "use strict";

  function setUp(form) {
    var input = form.querySelector('input[name="q"]');
    var listbox = form.querySelector('[role="listbox"]');
    var status = form.querySelector('[role="status"]');
    if (!input || !listbox || !window.fetch) return;
    var active = -1, options = [], timer = null, controller = null;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    // The name with the typed text marked, built from text nodes (never HTML from the answer).
    function marked(text, query) {
      var fragment = document.createDocumentFragment();
      var lower = text.toLowerCase(), wanted = query.toLowerCase(), from = 0, at;
      while (wanted && (at = lower.indexOf(wanted, from)) >= 0) {
        fragment.append(text.slice(from, at));
        var mark = document.createElement("mark");
        mark.textContent = text.slice(at, at + wanted.length);
        fragment.append(mark);
        from = at + wanted.length;
      }
      fragment.append(text.slice(from));
      return fragment;
    }

    function line(className, content) {
      var element = document.createElement("span");
      element.className = className;
      element.append(content);
      return element;
    }

    var KINDS = { abbreviation: "Abbreviation", synonym: "Also called", variant: "Also spelled", plural: "Plural" };

    function addOption(index, url, parts, className) {
      var option = document.createElement("li");
      option.id = listbox.id + "-" + index;
      option.className = "list-group-item " + (className || "");
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.append.apply(option, parts);
      option.dataset.url = url;
      option.addEventListener("mousedown", function (event) { event.preventDefault(); window.location = url; });
      listbox.appendChild(option);
      return option;
    }

    function show(data) {
      var query = data.correction || data.query || "";
      listbox.textContent = "";
      options = data.suggestions.map(function (item, i) {
        var name = line("suggestion-name", marked(item.name, query));
        if (item.abbreviation) name.append(" (", marked(item.abbreviation, query), ")");
        var parts = [name];
        if (item.matched) {
          parts.push(line("suggestion-why", (KINDS[item.matched.kind] || "Matches") + ": "));
          parts[1].append(marked(item.matched.label, query), " → " + item.name);
        }
        if (item.definition) parts.push(line("suggestion-definition", item.definition));
        return addOption(i, item.url, parts);
      });
      var count = data.suggestions.length;
      if (count) {
        var label = "See all " + data.count + (data.count === 1 ? " result" : " results") + " for “" + data.query + "”";
        options.push(addOption(count, data.search_url, [line("suggestion-all", label)], "suggestion-more"));
        status.textContent = (data.count > count ? count + " of " + data.count : count) +
          (data.count === 1 ? " suggestion" : " suggestions") + " available.";
      } else {
        options.push(addOption(0, data.search_url, [line("suggestion-all", "No terms match — search the full text")], "suggestion-more"));
        status.textContent = "No terms match. One option: search the full text.";
      }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function fetchSuggestions(selectFirst) {
      var query = input.value.trim();
      if (controller) controller.abort();
      if (query.length < 2) { close(); return; }
      controller = new AbortController();
      fetch(form.dataset.suggestUrl + "?q=" + encodeURIComponent(query), { signal: controller.signal, headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          show(data);
          if (selectFirst === true && options.length) highlight(0);
        })
        .catch(function () { /* aborted or offline: the form still submits */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });

    input.addEventListener("keydown", function (event) {
      var open = !listbox.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) { fetchSuggestions(true); return; }
        highlight(Math.min(active + 1, options.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (open) highlight(Math.max(active - 1, -1));
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          window.location = options[active].dataset.url;
        }
      } else if (event.key === "Escape") {
        if (open) { event.preventDefault(); close(); } else { input.value = ""; }
      }
    });

    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  document.querySelectorAll("form[data-suggest-url]").forEach(setUp);
})();
