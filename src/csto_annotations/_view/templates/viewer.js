(function () {
  "use strict";
  // Behaviour of the annotation viewer. The HTML holds the text, cut into
  // segments, and the claim details (all escaped by the server-side template).
  // Which segments each annotation covers is listed once per annotation in the
  // JSON data block, [id, first, last, ...], so that the page stays linear in
  // size however deeply annotations nest. This script only toggles classes,
  // attributes and `hidden`, and sets plain text; it never builds HTML.
  var all = function (selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); };
  var tokens = function (value) { return value ? value.split(" ").filter(Boolean) : []; };

  var data = JSON.parse(document.getElementById("viewer-data").textContent);
  var segs = all(".text .seg");
  var segIndex = new Map(segs.map(function (seg, i) { return [seg, i]; }));
  var claimById = new Map(data.claims.map(function (c) { return [c[0], c]; }));
  var items = all(".claim-item");
  var itemById = new Map(items.map(function (b) { return [b.getAttribute("data-claim"), b]; }));
  var details = all(".detail");
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
  var MAX_DEPTH = 3;
  var MAX_LISTED = 12;

  function isVisible(id) {
    var item = itemById.get(id);
    return Boolean(item) && !item.parentNode.hidden;
  }

  function covers(entry, i) { return entry[1] <= i && i <= entry[2]; }

  // How many of `entries` cover each segment: a difference array, so the cost
  // is one pass over the entries plus one over the segments.
  function coverage(entries) {
    var counts = new Int32Array(segs.length + 1);
    entries.forEach(function (e) { counts[e[1]] += 1; counts[e[2] + 1] -= 1; });
    for (var i = 1; i < counts.length; i += 1) { counts[i] += counts[i - 1]; }
    return counts;
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
    var depth = coverage(data.claims.filter(function (c) { return isVisible(c[0]); }));
    var focus = coverage(f.entity ? data.mentions.filter(function (m) { return m[3] === f.entity; }) : []);
    segs.forEach(function (seg, i) {
      if (depth[i]) { seg.setAttribute("data-depth", String(Math.min(depth[i], MAX_DEPTH))); } else { seg.removeAttribute("data-depth"); }
      seg.classList.toggle("ent-focus", focus[i] > 0);
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
    var claim = id ? claimById.get(id) : null;
    segs.forEach(function (seg, i) { seg.classList.toggle("sel", Boolean(claim) && covers(claim, i)); });
    if (from !== "text" && claim) { segs[claim[1]].scrollIntoView({block: "center"}); }
    if (from !== "list" && id) { itemById.get(id).scrollIntoView({block: "center"}); }
  }

  // A click on the text selects the innermost visible claim there; further
  // clicks on the same place cycle outwards through the overlapping claims.
  function onTextClick(event) {
    var seg = event.target.closest ? event.target.closest(".seg") : null;
    if (!seg) { return; }
    var i = segIndex.get(seg);
    var here = data.claims.filter(function (c) { return covers(c, i) && isVisible(c[0]); });
    if (!here.length) { return; }
    here.sort(function (a, b) { return a[3] - b[3]; });
    var ids = here.map(function (c) { return c[0]; });
    select(ids[(ids.indexOf(selected) + 1) % ids.length], "text");
  }

  function listed(words) {
    return words.length > MAX_LISTED ? words.slice(0, MAX_LISTED).join(" ") + " … (" + words.length + ")" : words.join(" ");
  }

  // The tooltip names what covers a segment; it is worked out on first hover,
  // so the page does not carry it for every segment.
  function describe(i) {
    var parts = [];
    data.quotes.forEach(function (q) { if (covers(q, i)) { parts.push(q[0] + ": " + q[3]); } });
    data.citations.forEach(function (c) { if (covers(c, i)) { parts.push(c[0] + ": citation"); } });
    var names = [];
    data.mentions.forEach(function (m) {
      if (covers(m, i)) {
        var entity = data.entities[m[3]] || [m[3], "other"];
        names.push(entity[0] + " (" + entity[1] + ")");
      }
    });
    if (names.length) { parts.push(names.length > MAX_LISTED ? names.slice(0, MAX_LISTED).join("; ") + "; …" : names.join("; ")); }
    var claims = data.claims.filter(function (c) { return covers(c, i); }).map(function (c) { return c[0]; });
    if (claims.length) { parts.push(claims.length + " claim(s): " + listed(claims)); }
    return parts.join("; ");
  }

  function onHover(event) {
    var seg = event.target.closest ? event.target.closest(".seg") : null;
    if (seg && !seg.hasAttribute("title")) { seg.setAttribute("title", describe(segIndex.get(seg))); }
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
  all(".text").forEach(function (text) {
    text.addEventListener("click", onTextClick);
    text.addEventListener("mouseover", onHover);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && selected) { select(""); }
  });
  applyFilters();
  document.documentElement.setAttribute("data-ready", "true");
}());
