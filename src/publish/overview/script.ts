/**
 * The overview's only script, inline and static (no data inside it: the base URL and the button's
 * messages come from data attributes), so one CSP hash covers it. It is a convenience on top of
 * the form: it shows the feed address while the form changes and copies it. Without it the form
 * still works, because `/subscribe` redirects to the same address.
 *
 * `hessenfeedFeedUrl` mirrors `slugify` (src/model/slug.ts) and `filterQuery`
 * (src/publish/selection.ts): tags become slugs, values are sorted and distinct, parameters come
 * in the same order with the same encoding, so the address shown is the canonical one the server
 * redirects to and lists as the feed's self link. A test runs this very text against both.
 *
 * Written as plain ES2017 in a raw string (no build step); it must not contain a backtick.
 */
export const OVERVIEW_SCRIPT = String.raw`
"use strict";
function hessenfeedSlug(label) {
  return label.normalize("NFC").toLowerCase()
    .replace(/\u00e4/g, "ae").replace(/\u00f6/g, "oe").replace(/\u00fc/g, "ue").replace(/\u00df/g, "ss")
    .normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}
function hessenfeedDistinctSorted(values) {
  return values.filter(function (value, index) { return value !== "" && values.indexOf(value) === index; }).sort();
}
function hessenfeedTagSlugs(text) {
  return hessenfeedDistinctSorted(String(text).split(",").map(function (value) { return hessenfeedSlug(value.trim()); }));
}
function hessenfeedFeedUrl(base, format, fields) {
  var params = new URLSearchParams();
  var ministries = hessenfeedDistinctSorted((fields.ministry || []).map(function (id) { return String(id).trim().toLowerCase(); }));
  var tags = hessenfeedTagSlugs(fields.tag || "");
  var excluded = hessenfeedTagSlugs(fields.exclude_tag || "");
  var words = String(fields.q || "").trim().replace(/\s+/g, " ");
  if (ministries.length > 0) params.set("ministry", ministries.join(","));
  if (tags.length > 0) params.set("tag", tags.join(","));
  if (excluded.length > 0) params.set("exclude_tag", excluded.join(","));
  if (words !== "") params.set("q", words);
  var query = params.toString();
  return base + "/feed." + format + (query === "" ? "" : "?" + query);
}
(function () {
  if (typeof document === "undefined") return;
  var form = document.getElementById("filter-form");
  var output = document.getElementById("feed-url");
  var copy = document.getElementById("copy-feed-url");
  var status = document.getElementById("copy-status");
  if (!form || !output) return;
  var base = form.getAttribute("data-base-url") || "";
  function update() {
    var data = new FormData(form);
    output.value = hessenfeedFeedUrl(base, String(data.get("format") || "atom"), {
      ministry: data.getAll("ministry"),
      tag: data.get("tag"),
      exclude_tag: data.get("exclude_tag"),
      q: data.get("q")
    });
    if (status) status.textContent = "";
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  output.addEventListener("focus", function () { output.select(); });
  update();
  if (!copy) return;
  function report(ok) {
    if (status) status.textContent = copy.getAttribute(ok ? "data-copied" : "data-copy-failed") || "";
  }
  function copyBySelection() {
    var ok = false;
    output.focus();
    output.select();
    try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
    report(ok);
  }
  copy.hidden = false;
  copy.addEventListener("click", function () {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(output.value).then(function () { report(true); }, copyBySelection);
    } else {
      copyBySelection();
    }
  });
})();
`.trim();
