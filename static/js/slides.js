// Presentation mode of the point d'étape: one slide per screen, keyboard navigation.
// Progressive enhancement: without this file the slides are anchored sections one after
// the other, linked by their "Précédente" / "Suivante" links.
(function () {
  "use strict";
  var deck = document.getElementById("deck");
  if (!deck) { return; }
  var slides = Array.prototype.slice.call(deck.querySelectorAll(".slide"));
  if (!slides.length) { return; }
  var current = 0;

  function indexFromHash() {
    var match = /^#slide-(\d+)$/.exec(window.location.hash);
    var index = match ? parseInt(match[1], 10) - 1 : 0;
    return Math.min(Math.max(index, 0), slides.length - 1);
  }

  function show(index, focus) {
    current = Math.min(Math.max(index, 0), slides.length - 1);
    slides.forEach(function (slide, i) {
      slide.hidden = i !== current;
      slide.setAttribute("aria-current", i === current ? "step" : "false");
    });
    var id = slides[current].id;
    if (window.location.hash !== "#" + id) {
      window.history.replaceState(null, "", "#" + id);
    }
    if (focus) { slides[current].focus({ preventScroll: true }); }
    window.scrollTo(0, 0);
  }

  var keys = {
    ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1,
    ArrowLeft: -1, ArrowUp: -1, PageUp: -1
  };

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) { return; }
    if (event.key === "Home") { show(0, true); }
    else if (event.key === "End") { show(slides.length - 1, true); }
    else if (Object.prototype.hasOwnProperty.call(keys, event.key)) {
      if (event.key === " " && target && target.tagName === "A") { return; }
      show(current + keys[event.key], true);
    } else { return; }
    event.preventDefault();
  });

  window.addEventListener("hashchange", function () { show(indexFromHash(), true); });

  slides.forEach(function (slide) { slide.setAttribute("tabindex", "-1"); });
  document.body.classList.add("slides--js");
  show(indexFromHash(), false);
}());
