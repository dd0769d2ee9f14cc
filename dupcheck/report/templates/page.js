"use strict";
(function () {
  // Shared passages: clicking a piece lights up its passage on both sides and scrolls the
  // other side to it. Without scripts the piece is a link to the partner's first piece.
  function light(piece) {
    var box = piece.closest(".sbs");
    var side = piece.closest(".side");
    if (!box || !side) { return; }
    var p = piece.getAttribute("data-p");
    box.querySelectorAll(".s.hl").forEach(function (el) { el.classList.remove("hl"); });
    var same = box.querySelectorAll('.s[data-p="' + p + '"]');
    same.forEach(function (el) { el.classList.add("hl"); });
    var other = box.querySelector('.side:not([data-side="' + side.getAttribute("data-side") +
      '"]) .s[data-p="' + p + '"]');
    if (other) { other.scrollIntoView({ block: "center" }); }
  }
  document.addEventListener("click", function (event) {
    var piece = event.target.closest && event.target.closest(".side .s");
    if (!piece) { return; }
    event.preventDefault();
    light(piece);
  });

  // The findings table: sort by a column, filter by verdict, coverage and baseline.
  var table = document.querySelector("table.findings");
  var controls = document.querySelector(".controls");
  if (!table || !controls) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var verdict = controls.querySelector("select[name=verdict]");
  var coverage = controls.querySelector("input[name=coverage]");
  var shownCoverage = controls.querySelector("output[name=coverage-shown]");
  var accepted = controls.querySelector("input[name=baselined]");
  var count = controls.querySelector("output[name=count]");
  function filter() {
    var want = verdict.value;
    var least = Number(coverage.value) / 100;
    var shown = 0;
    shownCoverage.textContent = coverage.value + "%";
    rows.forEach(function (row) {
      var keep = (want === "" || row.getAttribute("data-verdict") === want) &&
        Number(row.getAttribute("data-coverage")) >= least &&
        (accepted.checked || row.getAttribute("data-baselined") !== "1");
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length;
  }
  var order = { key: null, down: true };
  function sort(key, numeric) {
    order.down = order.key === key ? !order.down : numeric;
    order.key = key;
    rows.sort(function (x, y) {
      var a = x.getAttribute("data-" + key);
      var b = y.getAttribute("data-" + key);
      var c = numeric ? Number(a) - Number(b) : (a < b ? -1 : a > b ? 1 : 0);
      if (c !== 0) { return order.down ? -c : c; }
      return Number(x.getAttribute("data-rank")) - Number(y.getAttribute("data-rank"));
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("th").forEach(function (th) {
      th.setAttribute("aria-sort", th.getAttribute("data-key") === key ?
        (order.down ? "descending" : "ascending") : "none");
    });
  }
  table.querySelectorAll("th[data-key]").forEach(function (th) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      sort(th.getAttribute("data-key"), th.hasAttribute("data-numeric"));
    });
  });
  [verdict, coverage, accepted].forEach(function (el) {
    el.addEventListener("input", filter);
    el.addEventListener("change", filter);
  });
  controls.hidden = false;
  filter();
})();
