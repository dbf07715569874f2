(function () {
  "use strict";
  // Behaviour of the annotation viewer. All data lives in the DOM (escaped by
  // the server-side template); this script only toggles classes, attributes
  // and `hidden`, and never builds HTML from data.
  var all = function (selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); };
  var tokens = function (value) { return value ? value.split(" ").filter(Boolean) : []; };

  var items = all(".claim-item");
  var itemById = new Map(items.map(function (b) { return [b.getAttribute("data-claim"), b]; }));
  var details = all(".detail");
  var segs = all(".seg");
  var entityButtons = all(".entity");
  var filters = {
    type: document.getElementById("f-claim_type"),
    attribution: document.getElementById("f-attribution"),
    certainty: document.getElementById("f-certainty"),
    entity: document.getElementById("f-entity")
  };
  var shown = document.getElementById("shown");
  var empty = document.getElementById("panel-empty");
  var selected = "";

  function isVisible(id) {
    var item = itemById.get(id);
    return Boolean(item) && !item.parentNode.hidden;
  }

  function matches(item, f) {
    return (!f.type || item.getAttribute("data-claim-type") === f.type) &&
      (!f.attribution || item.getAttribute("data-attribution") === f.attribution) &&
      (!f.certainty || item.getAttribute("data-certainty") === f.certainty) &&
      (!f.entity || tokens(item.getAttribute("data-entities")).indexOf(f.entity) >= 0);
  }

  function applyFilters() {
    var f = {type: filters.type.value, attribution: filters.attribution.value,
      certainty: filters.certainty.value, entity: filters.entity.value};
    var count = 0;
    items.forEach(function (item) {
      var ok = matches(item, f);
      item.parentNode.hidden = !ok;
      item.classList.toggle("involves", Boolean(f.entity) && ok);
      if (ok) { count += 1; }
    });
    segs.forEach(function (seg) {
      var depth = tokens(seg.getAttribute("data-claims")).filter(isVisible).length;
      if (depth) { seg.setAttribute("data-depth", String(Math.min(depth, 3))); } else { seg.removeAttribute("data-depth"); }
      seg.classList.toggle("ent-focus", Boolean(f.entity) && tokens(seg.getAttribute("data-entities")).indexOf(f.entity) >= 0);
    });
    entityButtons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-entity") === f.entity)); });
    shown.textContent = count + " of " + items.length + " claims shown";
    if (selected && !isVisible(selected)) { select(""); }
  }

  function select(id, from) {
    selected = id;
    items.forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-claim") === id)); });
    details.forEach(function (d) { d.hidden = d.getAttribute("data-claim-detail") !== id; });
    empty.hidden = Boolean(id);
    var first = null;
    segs.forEach(function (seg) {
      var on = Boolean(id) && tokens(seg.getAttribute("data-claims")).indexOf(id) >= 0;
      seg.classList.toggle("sel", on);
      if (on && !first) { first = seg; }
    });
    if (from !== "text" && first) { first.scrollIntoView({block: "center"}); }
    if (from !== "list" && id) { itemById.get(id).scrollIntoView({block: "center"}); }
  }

  // A click on the text selects the innermost visible claim there; further
  // clicks on the same place cycle outwards through the overlapping claims.
  function onTextClick(event) {
    var seg = event.target.closest ? event.target.closest(".seg") : null;
    if (!seg) { return; }
    var here = tokens(seg.getAttribute("data-claims")).filter(isVisible);
    if (!here.length) { return; }
    here.sort(function (a, b) {
      return Number(itemById.get(a).getAttribute("data-length")) - Number(itemById.get(b).getAttribute("data-length"));
    });
    var next = here[(here.indexOf(selected) + 1) % here.length];
    select(next, "text");
  }

  function focusEntity(id) {
    filters.entity.value = filters.entity.value === id ? "" : id;
    applyFilters();
  }

  items.forEach(function (b) {
    b.addEventListener("click", function () { select(b.getAttribute("data-claim") === selected ? "" : b.getAttribute("data-claim"), "list"); });
  });
  entityButtons.concat(all(".entity-link")).forEach(function (b) {
    b.addEventListener("click", function () { focusEntity(b.getAttribute("data-entity")); });
  });
  Object.keys(filters).forEach(function (key) { filters[key].addEventListener("change", applyFilters); });
  document.getElementById("reset").addEventListener("click", function () {
    Object.keys(filters).forEach(function (key) { filters[key].value = ""; });
    applyFilters();
  });
  all(".text").forEach(function (text) { text.addEventListener("click", onTextClick); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && selected) { select(""); }
  });
  applyFilters();
  document.documentElement.setAttribute("data-ready", "true");
}());
