/* Preview cards: pointing at, focusing or (on a touch screen) tapping a link to a term shows its
 * name, abbreviation and short definition, with a link to open it. The first tap on a touch screen
 * previews; the card's "Open" link opens. Escape closes. The card floats beside the link, below it
 * or above it, never over it, and takes no room in the page. Without JavaScript links just open. */
(function () {
  "use strict";
  var TERM_PATH = /^\/terms\/([a-z0-9-]+)\/$/;
  var SHOW_DELAY = 250, HIDE_DELAY = 200, GAP = 8;
  var cards = {}, card = null, owner = null, showTimer = null, hideTimer = null;
  var touched = false;

  function termSlug(link) {
    if (!link || link.origin !== window.location.origin || link.closest(".term-preview, nav, header, .pagination")) return null;
    var match = TERM_PATH.exec(link.pathname);
    return match && link.pathname !== window.location.pathname ? match[1] : null;
  }

  function fetchCard(slug) {
    if (!cards[slug]) {
      cards[slug] = fetch("/terms/" + slug + "/card/", { headers: { Accept: "application/json" } }).then(function (response) {
        if (!response.ok) throw new Error("no card");
        return response.json();
      });
      cards[slug].catch(function () { delete cards[slug]; });
    }
    return cards[slug];
  }

  function build(data) {
    var element = document.createElement("div");
    element.className = "term-preview card shadow";
    element.id = "term-preview";
    var body = document.createElement("div");
    body.className = "card-body";
    var title = document.createElement("p");
    title.className = "term-preview-name";
    title.textContent = data.abbreviation ? data.name + " (" + data.abbreviation + ")" : data.name;
    var definition = document.createElement("p");
    definition.className = "term-preview-definition";
    definition.textContent = data.definition;
    var open = document.createElement("a");
    open.href = data.url;
    open.className = "term-preview-open";
    open.textContent = "Open “" + data.name + "”";
    body.append(title, definition, open);
    element.append(body);
    element.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    element.addEventListener("mouseleave", scheduleHide);
    return element;
  }

  function place(element, link) {
    var box = link.getBoundingClientRect();
    var width = Math.min(360, document.documentElement.clientWidth - 2 * GAP);
    element.style.width = width + "px";
    var left = Math.min(Math.max(GAP, box.left), document.documentElement.clientWidth - width - GAP);
    element.style.left = left + window.scrollX + "px";
    var below = box.bottom + GAP, height = element.offsetHeight;
    var top = below + height <= window.innerHeight || box.top - GAP - height < 0 ? below : box.top - GAP - height;
    element.style.top = top + window.scrollY + "px";
  }

  function show(link) {
    var slug = termSlug(link);
    if (!slug) return;
    fetchCard(slug).then(function (data) {
      if (owner !== link) return;
      hide();
      owner = link;
      card = build(data);
      document.body.append(card);
      place(card, link);
      link.setAttribute("aria-describedby", card.id);
    }, function () {});
  }

  function hide() {
    clearTimeout(hideTimer);
    if (card) card.remove();
    if (owner) owner.removeAttribute("aria-describedby");
    card = null;
  }

  function scheduleShow(link) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    owner = link;
    showTimer = setTimeout(function () { show(link); }, SHOW_DELAY);
  }

  function scheduleHide() {
    clearTimeout(showTimer);
    hideTimer = setTimeout(function () { hide(); owner = null; }, HIDE_DELAY);
  }

  function termLink(event) {
    var link = event.target.closest && event.target.closest("a[href]");
    return link && termSlug(link) ? link : null;
  }

  document.addEventListener("touchstart", function () { touched = true; }, { passive: true });
  document.addEventListener("mouseover", function (event) {
    var link = termLink(event);
    if (link && !touched) scheduleShow(link);
  });
  document.addEventListener("mouseout", function (event) {
    var link = termLink(event);
    if (link && (!event.relatedTarget || !event.relatedTarget.closest || !event.relatedTarget.closest(".term-preview"))) scheduleHide();
  });
  document.addEventListener("focusin", function (event) {
    var link = termLink(event);
    if (link) scheduleShow(link);
    else if (!event.target.closest(".term-preview")) scheduleHide();
  });
  document.addEventListener("click", function (event) {
    var link = termLink(event);
    if (link && touched && !(card && owner === link)) {
      event.preventDefault();  // first tap previews; the card's link opens
      owner = link;
      show(link);
    } else if (card && !event.target.closest(".term-preview") && !link) {
      hide();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && card) {
      hide();
      owner = null;
    }
  });
  window.addEventListener("resize", hide);
})();
