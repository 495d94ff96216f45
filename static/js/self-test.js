// Module self-test: turns the plain list of cards into a deck shown one card at a time, with
// "Show answer", "I knew it" and "Not yet". What the reader knew is kept in this browser only
// (localStorage). Without JavaScript the page stays a list of cards that open on their own.
(function () {
  var deck = document.querySelector(".self-test");
  if (!deck) return;
  var cards = Array.prototype.slice.call(deck.querySelectorAll(".self-test-card"));
  var progress = deck.querySelector(".self-test-progress");
  var storageKey = "termiknowledge:self-test:" + deck.dataset.module;
  var known = new Set(load());
  var current = 0;

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(storageKey) || "[]");
    } catch (error) {
      return [];
    }
  }

  function save() {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(Array.from(known)));
    } catch (error) {
      // Private windows may refuse storage: the deck still works for this visit.
    }
  }

  function button(label, className, action) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "btn " + className;
    element.textContent = label;
    element.addEventListener("click", action);
    return element;
  }

  function nextUnknown(from) {
    for (var step = 1; step <= cards.length; step++) {
      var index = (from + step) % cards.length;
      if (!known.has(cards[index].dataset.card)) return index;
    }
    return -1;
  }

  function show(index) {
    current = index;
    cards.forEach(function (card, position) {
      card.hidden = position !== index;
      card.querySelector("details").open = false;
    });
    var done = index < 0;
    controls.hidden = done;
    finished.hidden = !done;
    progress.textContent = done
      ? "You knew all " + cards.length + " cards."
      : "Card " + (index + 1) + " of " + cards.length + ". Known so far: " + known.size + ".";
  }

  function answer(knewIt) {
    var id = cards[current].dataset.card;
    if (knewIt) known.add(id);
    else known.delete(id);
    save();
    show(nextUnknown(current));
    (controls.hidden ? restart : reveal).focus();
  }

  var reveal = button("Show answer", "btn-outline-primary", function () {
    var details = cards[current].querySelector("details");
    details.open = !details.open;
    reveal.textContent = details.open ? "Hide answer" : "Show answer";
    if (details.open) knewIt.focus();
  });
  var knewIt = button("I knew it", "btn-success", function () {
    answer(true);
  });
  var notYet = button("Not yet", "btn-outline-secondary", function () {
    answer(false);
  });
  var restart = button("Start again", "btn-primary", function () {
    known.clear();
    save();
    show(0);
    reveal.focus();
  });

  var controls = document.createElement("div");
  controls.className = "self-test-controls";
  controls.append(reveal, knewIt, notYet);
  var finished = document.createElement("div");
  finished.className = "self-test-controls";
  finished.append(restart);
  deck.append(controls, finished);
  deck.classList.add("is-deck");
  cards.forEach(function (card) {
    card.querySelector("details").addEventListener("toggle", function (event) {
      if (!event.target.open) reveal.textContent = "Show answer";
    });
  });
  var first = known.has(cards[0].dataset.card) ? nextUnknown(0) : 0;
  show(first);
})();
