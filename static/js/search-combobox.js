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

    function show(data) {
      listbox.textContent = "";
      options = data.suggestions.map(function (item, i) {
        var option = document.createElement("li");
        option.id = listbox.id + "-" + i;
        option.className = "list-group-item";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = item.abbreviation ? item.name + " (" + item.abbreviation + ")" : item.name;
        option.dataset.url = item.url;
        option.addEventListener("mousedown", function (event) { event.preventDefault(); window.location = item.url; });
        listbox.appendChild(option);
        return option;
      });
      var count = data.suggestions.length;
      status.textContent = count ? count + (count === 1 ? " suggestion" : " suggestions") + " available." : "No suggestions.";
      if (count) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
        active = -1;
      } else {
        close();
      }
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
