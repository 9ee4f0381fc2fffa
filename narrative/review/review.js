/* Review page behaviour. Everything stays in the page: no network, no storage, no logging.
   Data strings are only ever inserted as text nodes, never parsed as HTML.
   Row layout (see docs/review.md): i id, s score, r risk, sl/bl supported/billed level, em emergency,
   bc bed_confined, n narrative, e entities [start,end,label,category,assertion,section,level,supports]
   (strings as indexes into S), f findings {c,v,m,r,x,p,ev,rel}, a administrations,
   x errors, d structured fields, u unit. Offsets are UTF-16 code units. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("review-data").textContent);
  var S = DATA.strings;
  var ROWS = DATA.rows;
  var PAGE = 100;
  var MUTED = { historical: 1, hypothetical: 1, possible: 1 };
  var LABEL_CLASSES = { CONDITION: 1, INTERVENTION: 1, MEDICATION: 1, MOBILITY: 1 };
  var SITES = { R: "residence", H: "hospital", N: "skilled nursing facility", E: "residential/custodial facility",
    S: "scene", P: "physician office", D: "diagnostic/therapeutic site", G: "dialysis facility (hospital)",
    J: "dialysis facility (non-hospital)", I: "transfer site", X: "intermediate stop" };
  var MOVED = { walked: "walked", chair: "chair", carried: "carried", stair_chair: "stair chair",
    stretcher: "stretcher", wheelchair: "wheelchair" };

  var state = { risk: "", code: "", billed: "", supported: "", unit: "", q: "", page: 0, view: [], open: -1 };
  var lowerCache = null;

  function $(id) { return document.getElementById(id); }
  function str(i) { return i === -1 || i === null || i === undefined ? null : S[i]; }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function hasErrors(row) { return !!(row.x && row.x.length); }
  function riskOf(row) { return row.r || (hasErrors(row) ? "error" : "unscored"); }
  function yesNo(v) { return v === true ? "yes" : v === false ? "no" : "not documented"; }
  function fmtPoints(p) { return p > 0 ? "+" + p : p < 0 ? "\u2212" + Math.abs(p) : "0"; }

  /* ---------- ordering and filtering ---------- */
  var ORDER = ROWS.map(function (_, i) { return i; });
  ORDER.sort(function (a, b) {
    var ra = ROWS[a], rb = ROWS[b];
    var ea = hasErrors(ra) ? 0 : 1, eb = hasErrors(rb) ? 0 : 1;
    if (ea !== eb) return ea - eb;
    var sa = ra.s === null || ra.s === undefined ? -1 : ra.s;
    var sb = rb.s === null || rb.s === undefined ? -1 : rb.s;
    if (sa !== sb) return sa - sb;
    return ra.i.localeCompare(rb.i, undefined, { numeric: true });
  });

  function hasCode(row, code) {
    for (var k = 0; k < row.f.length; k++) if (S[row.f[k].c] === code) return true;
    return false;
  }
  function matches(row, i) {
    if (state.risk && riskOf(row) !== state.risk) return false;
    if (state.code && !hasCode(row, state.code)) return false;
    if (state.billed && (row.bl || "") !== state.billed) return false;
    if (state.supported && (row.sl || "") !== state.supported) return false;
    if (state.unit && (row.u || "") !== state.unit) return false;
    if (state.q) {
      if (!lowerCache) lowerCache = ROWS.map(function (r) { return (r.i + "\n" + (r.n || "")).toLowerCase(); });
      if (lowerCache[i].indexOf(state.q) === -1) return false;
    }
    return true;
  }
  function applyFilters() {
    state.view = ORDER.filter(function (i) { return matches(ROWS[i], i); });
    state.page = 0;
    renderList();
  }

  /* ---------- filter controls ---------- */
  function fillSelect(select, values, allLabel) {
    select.appendChild(new Option(allLabel, ""));
    values.forEach(function (v) { select.appendChild(new Option(v[1], v[0])); });
  }
  function counted(fn) {
    var counts = {};
    ROWS.forEach(function (r) { fn(r).forEach(function (v) { if (v) counts[v] = (counts[v] || 0) + 1; }); });
    return counts;
  }
  function withCounts(counts, order) {
    var keys = Object.keys(counts);
    keys.sort(order || function (a, b) { return counts[b] - counts[a] || a.localeCompare(b); });
    return keys.map(function (k) { return [k, k + " (" + counts[k] + ")"]; });
  }
  var LEVELS = ["BLS", "ALS1", "ALS2", "SCT", "PI", "FW", "RW"];
  function levelOrder(a, b) {
    var ia = LEVELS.indexOf(a), ib = LEVELS.indexOf(b);
    return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib) || a.localeCompare(b);
  }
  function setupFilters() {
    var risks = counted(function (r) { return [riskOf(r)]; });
    var riskOrder = ["error", "high", "medium", "low", "unscored"];
    fillSelect($("f-risk"), withCounts(risks, function (a, b) { return riskOrder.indexOf(a) - riskOrder.indexOf(b); }), "All risks");
    fillSelect($("f-code"), withCounts(counted(function (r) {
      var seen = {};
      r.f.forEach(function (f) { seen[S[f.c]] = 1; });
      return Object.keys(seen);
    })), "Any finding");
    fillSelect($("f-billed"), withCounts(counted(function (r) { return [r.bl]; }), levelOrder), "Any level");
    fillSelect($("f-supported"), withCounts(counted(function (r) { return [r.sl]; }), levelOrder), "Any level");
    var units = counted(function (r) { return [r.u]; });
    if (Object.keys(units).length) {
      fillSelect($("f-unit"), withCounts(units, function (a, b) { return a.localeCompare(b); }), "All units");
      $("unit-filter").hidden = false;
    }
    var map = { "f-risk": "risk", "f-code": "code", "f-billed": "billed", "f-supported": "supported", "f-unit": "unit" };
    Object.keys(map).forEach(function (id) {
      $(id).addEventListener("change", function (ev) { state[map[id]] = ev.target.value; applyFilters(); });
    });
    var timer = null;
    $("f-search").addEventListener("input", function (ev) {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = ev.target.value.trim().toLowerCase(); applyFilters(); }, 120);
    });
    $("filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
    $("f-clear").addEventListener("click", function () { setFilter({}); });
    document.querySelectorAll("[data-filter]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var f = {};
        f[btn.getAttribute("data-filter")] = btn.getAttribute("data-value");
        setFilter(f);
        $("report-list").focus();
      });
    });
  }
  function setFilter(f) {
    state.risk = f.risk || ""; state.code = f.code || ""; state.billed = f.billed || "";
    state.supported = f.supported || ""; state.unit = f.unit || ""; state.q = "";
    $("f-risk").value = state.risk; $("f-code").value = state.code; $("f-billed").value = state.billed;
    $("f-supported").value = state.supported; $("f-unit").value = state.unit; $("f-search").value = "";
    applyFilters();
  }

  /* ---------- report list (one page of items at a time) ---------- */
  function listItem(idx) {
    var row = ROWS[idx];
    var risk = riskOf(row);
    var li = el("li", "report-item r-" + risk);
    li.setAttribute("role", "option");
    li.setAttribute("data-index", idx);
    li.setAttribute("data-id", row.i);
    li.setAttribute("aria-selected", idx === state.open ? "true" : "false");
    li.tabIndex = -1;
    var r1 = el("div", "row1");
    r1.appendChild(el("span", "rid", row.i));
    r1.appendChild(el("span", "badge risk-" + risk, risk));
    r1.appendChild(el("span", "score-pill risk-" + risk, row.s === null || row.s === undefined ? "\u2013" : row.s));
    li.appendChild(r1);
    var bits = [];
    if (row.bl || row.sl) bits.push("billed " + (row.bl || "\u2013") + " \u00b7 supports " + (row.sl || "\u2013"));
    if (row.em === true) bits.push("emergency"); else if (row.em === false) bits.push("non-emergency");
    if (row.u) bits.push(row.u);
    if (hasErrors(row)) bits.push(row.x.length + " error(s)");
    li.appendChild(el("div", "row2", bits.join(" \u00b7 ")));
    if (row.f.length) {
      var r3 = el("div", "row3");
      row.f.slice(0, 3).forEach(function (f) { r3.appendChild(el("span", "chip sev-" + S[f.v], S[f.c])); });
      if (row.f.length > 3) r3.appendChild(el("span", "chip", "+" + (row.f.length - 3)));
      li.appendChild(r3);
    }
    return li;
  }
  function renderList(focusPos) {
    var list = $("report-list");
    var total = state.view.length;
    var pages = Math.max(1, Math.ceil(total / PAGE));
    state.page = Math.min(state.page, pages - 1);
    var start = state.page * PAGE;
    var slice = state.view.slice(start, start + PAGE);
    var frag = document.createDocumentFragment();
    slice.forEach(function (idx) { frag.appendChild(listItem(idx)); });
    list.textContent = "";
    if (!slice.length) list.appendChild(el("li", "empty-list", "No reports match these filters."));
    list.appendChild(frag);
    var items = list.querySelectorAll(".report-item");
    var current = 0;
    for (var k = 0; k < items.length; k++) if (+items[k].getAttribute("data-index") === state.open) current = k;
    if (focusPos === "last") current = items.length - 1; else if (focusPos === "first") current = 0;
    if (items.length) items[current].tabIndex = 0;
    if (focusPos && items.length) items[current].focus();
    $("list-status").textContent = total === ROWS.length
      ? ROWS.length + " reports, worst first"
      : total + " of " + ROWS.length + " reports match";
    $("page-info").textContent = total ? (start + 1) + "\u2013" + (start + slice.length) + " of " + total : "";
    $("prev").disabled = state.page === 0;
    $("next").disabled = state.page >= pages - 1;
  }
  function moveFocus(item, delta) {
    var items = Array.prototype.slice.call($("report-list").querySelectorAll(".report-item"));
    var pos = items.indexOf(item) + delta;
    if (pos >= items.length) { if (!$("next").disabled) { state.page++; renderList("first"); } return; }
    if (pos < 0) { if (!$("prev").disabled) { state.page--; renderList("last"); } return; }
    items.forEach(function (it) { it.tabIndex = -1; });
    items[pos].tabIndex = 0;
    items[pos].focus();
  }
  function setupList() {
    var list = $("report-list");
    list.addEventListener("click", function (ev) {
      var item = ev.target.closest(".report-item");
      if (item) openReport(+item.getAttribute("data-index"), true);
    });
    list.addEventListener("keydown", function (ev) {
      var item = ev.target.closest(".report-item");
      if (!item) return;
      var n = list.querySelectorAll(".report-item").length;
      if (ev.key === "ArrowDown") moveFocus(item, 1);
      else if (ev.key === "ArrowUp") moveFocus(item, -1);
      else if (ev.key === "Home") moveFocus(item, -n);
      else if (ev.key === "End") moveFocus(item, n);
      else if (ev.key === "PageDown" && !$("next").disabled) { state.page++; renderList("first"); }
      else if (ev.key === "PageUp" && !$("prev").disabled) { state.page--; renderList("first"); }
      else if (ev.key === "Enter" || ev.key === " ") openReport(+item.getAttribute("data-index"), true);
      else return;
      ev.preventDefault();
    });
    list.addEventListener("focus", function () {
      var first = list.querySelector(".report-item[tabindex='0']");
      if (first) first.focus();
    });
    $("prev").addEventListener("click", function () { state.page--; renderList(); });
    $("next").addEventListener("click", function () { state.page++; renderList(); });
  }

  /* ---------- narrative highlighting (built only when a report is opened) ---------- */
  function labelClass(label) { return LABEL_CLASSES[label] ? label : "OTHER"; }
  function entityClasses(e) {
    var label = str(e[2]), assertion = str(e[4]);
    var cls = "ent l-" + labelClass(label);
    if (assertion === "negated") cls += " a-negated";
    else if (MUTED[assertion]) cls += " a-muted";
    if (label === "MOBILITY" && e[7] === false && assertion !== "negated") cls += " contra";
    return cls;
  }
  function entityTitle(e) {
    var parts = [str(e[2]), str(e[3]), str(e[4])];
    if (str(e[6])) parts.push("level " + str(e[6]));
    if (str(e[2]) === "MOBILITY") {
      parts.push(e[7] === true ? "supports bed confinement" : e[7] === false ? "CONTRADICTS bed confinement" : "polarity unclear");
    }
    if (str(e[5])) parts.push("section: " + str(e[5]));
    return parts.filter(Boolean).join(" \u00b7 ");
  }
  /* Split the narrative at every entity and evidence boundary; each piece takes the longest
     entity covering it and every finding whose evidence covers it. */
  function buildNarrative(row) {
    var text = row.n, len = text.length;
    var ents = (row.e || []).filter(function (e) { return e[0] >= 0 && e[1] <= len && e[0] < e[1]; });
    var evs = [];
    row.f.forEach(function (f, k) {
      (f.ev || []).forEach(function (sp) { if (sp[0] < sp[1] && sp[0] >= 0 && sp[1] <= len) evs.push([sp[0], sp[1], k]); });
    });
    var cuts = [0, len];
    ents.forEach(function (e) { cuts.push(e[0], e[1]); });
    evs.forEach(function (v) { cuts.push(v[0], v[1]); });
    cuts = cuts.filter(function (c, k, all) { return all.indexOf(c) === k; }).sort(function (a, b) { return a - b; });
    var box = el("div", "narrative");
    box.id = "narrative-text";
    for (var k = 0; k + 1 < cuts.length; k++) {
      var a = cuts[k], b = cuts[k + 1];
      var piece = text.slice(a, b);
      var best = null, hits = [];
      for (var j = 0; j < ents.length; j++) {
        var e = ents[j];
        if (e[0] <= a && e[1] >= b && (!best || e[1] - e[0] > best[1] - best[0])) best = e;
      }
      evs.forEach(function (v) { if (v[0] <= a && v[1] >= b && hits.indexOf(v[2]) === -1) hits.push(v[2]); });
      if (!best && !hits.length) { box.appendChild(document.createTextNode(piece)); continue; }
      var mark = el("mark", best ? entityClasses(best) : "ev-only", piece);
      if (best) {
        mark.title = entityTitle(best);
        mark.setAttribute("data-entity", str(best[2]) + "/" + str(best[3]) + "/" + str(best[4]));
        mark.setAttribute("data-start", best[0]);
        mark.setAttribute("data-end", best[1]);
      }
      if (hits.length) {
        mark.className += " ev";
        mark.setAttribute("data-evidence", hits.map(function (h) { return "f" + h; }).join(" "));
        if (!best) mark.title = "evidence for " + hits.map(function (h) { return S[row.f[h].c]; }).join(", ");
      }
      box.appendChild(mark);
    }
    return box;
  }
  function legend(row) {
    var ul = el("ul", "legend");
    ul.setAttribute("aria-label", "Highlight legend");
    var present = {};
    (row.e || []).forEach(function (e) { present[labelClass(str(e[2]))] = str(e[2]); });
    ["CONDITION", "INTERVENTION", "MEDICATION", "MOBILITY", "OTHER"].forEach(function (l) {
      if (l === "OTHER" && !present.OTHER) return;
      var li = el("li");
      li.appendChild(el("mark", "ent l-" + l, l === "OTHER" ? "other label" : l.toLowerCase()));
      ul.appendChild(li);
    });
    [["ent l-OTHER a-negated", "negated"], ["ent l-OTHER a-muted", "history / hypothetical / possible"],
      ["ent l-MOBILITY contra", "contradicts bed confinement"], ["ev-only ev", "finding evidence"]].forEach(function (p) {
      var li = el("li");
      li.appendChild(el("mark", p[0], p[1]));
      ul.appendChild(li);
    });
    return ul;
  }

  /* ---------- findings ---------- */
  var flashTimer = null;
  function showEvidence(k) {
    var box = $("narrative-text");
    document.querySelectorAll(".finding.active").forEach(function (n) { n.classList.remove("active"); n.setAttribute("aria-pressed", "false"); });
    document.querySelectorAll("mark[data-evidence-active]").forEach(function (m) {
      m.removeAttribute("data-evidence-active"); m.classList.remove("flash");
    });
    var item = document.querySelector(".finding[data-finding='" + k + "']");
    if (item) { item.classList.add("active"); item.setAttribute("aria-pressed", "true"); }
    if (!box) return;
    var marks = Array.prototype.filter.call(box.querySelectorAll("mark[data-evidence]"), function (m) {
      return m.getAttribute("data-evidence").split(" ").indexOf("f" + k) !== -1;
    });
    if (!marks.length) return;
    marks.forEach(function (m) {
      void m.offsetWidth; // restart the animation when the same finding is chosen again
      m.classList.add("flash");
      m.setAttribute("data-evidence-active", "true");
    });
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    marks[0].scrollIntoView({ block: "center", behavior: reduce ? "auto" : "smooth" });
    clearTimeout(flashTimer);
    flashTimer = setTimeout(function () { marks.forEach(function (m) { m.classList.remove("flash"); }); }, 1900);
  }
  function findingItem(row, f, k) {
    var sev = S[f.v] || "info";
    var li = el("li", "finding sev-" + sev);
    li.setAttribute("data-finding", k);
    li.setAttribute("data-code", S[f.c]);
    var head = el("div", "f-head");
    head.appendChild(el("span", "badge sev-badge-" + sev, sev));
    head.appendChild(el("span", "f-code", S[f.c]));
    head.appendChild(el("span", "f-points", fmtPoints(f.p) + " pts"));
    li.appendChild(head);
    li.appendChild(el("p", "f-msg", S[f.m]));
    if (f.x !== -1) { var fix = el("p", "f-fix"); fix.appendChild(el("b", null, "Fix: ")); fix.appendChild(document.createTextNode(S[f.x])); li.appendChild(fix); }
    if (f.r !== -1) { var rule = el("p", "f-rule"); rule.appendChild(el("b", null, "Rule: ")); rule.appendChild(document.createTextNode(S[f.r])); li.appendChild(rule); }
    if (f.rel && f.rel.length) li.appendChild(el("p", "f-rule", "Related reports: " + f.rel.join(", ")));
    if (f.ev && f.ev.length && row.n !== undefined) {
      li.setAttribute("role", "button");
      li.setAttribute("aria-pressed", "false");
      li.tabIndex = 0;
      li.appendChild(el("p", "f-ev", "Show evidence in the narrative (" + f.ev.length + " span" + (f.ev.length > 1 ? "s" : "") + ")"));
      li.addEventListener("click", function () { showEvidence(k); });
      li.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); showEvidence(k); }
      });
    } else {
      li.appendChild(el("p", "f-ev", "No narrative span: concerns the structured fields or the whole narrative."));
    }
    return li;
  }

  /* ---------- structured fields ---------- */
  function kv(pairs) {
    var dl = el("dl", "kv");
    pairs.forEach(function (p) {
      if (p[1] === undefined || p[1] === null || p[1] === "") return;
      dl.appendChild(el("dt", null, p[0]));
      var dd = el("dd", p[2] || null, p[1]);
      dl.appendChild(dd);
    });
    return dl.childNodes.length ? dl : null;
  }
  function bool(v) { return v === true ? "yes" : v === false ? "no" : undefined; }
  function site(code, zip) {
    if (!code && !zip) return undefined;
    return [code ? code + (SITES[code] ? " (" + SITES[code] + ")" : "") : "", zip ? "ZIP " + zip : ""].filter(Boolean).join(", ");
  }
  function filled(v) { return v !== undefined && v !== null && v !== ""; }
  /* A small table; columns empty in every row are left out. */
  function miniTable(cols, rows) {
    cols = cols.filter(function (c) { return rows.some(function (r) { return filled(r[c[0]]); }); });
    var t = el("table", "mini"), thead = el("thead"), tr = el("tr");
    cols.forEach(function (c) { var th = el("th", c[2] ? "num" : null, c[1]); th.scope = "col"; tr.appendChild(th); });
    thead.appendChild(tr); t.appendChild(thead);
    var tb = el("tbody");
    rows.forEach(function (r) {
      var row = el("tr");
      cols.forEach(function (c) { row.appendChild(el("td", c[2] ? "num" : null, filled(r[c[0]]) ? r[c[0]] : "")); });
      tb.appendChild(row);
    });
    t.appendChild(tb);
    var wrap = el("div", "scroll-x");
    wrap.appendChild(t);
    return wrap;
  }
  function section(card, title, node) {
    if (!node) return;
    card.appendChild(el("h3", null, title));
    card.appendChild(node);
  }
  function structuredCard(row) {
    var d = row.d || {}, t = d.transport || {}, b = d.billing || {}, sig = d.signatures || {}, imp = d.impression || {};
    var card = el("section", "card");
    card.appendChild(el("h2", null, "Structured PCR fields"));
    section(card, "Billing and transport", kv([
      ["Billed level", b.level], ["HCPCS", b.hcpcs], ["Date", d.transport_date],
      ["Emergency", bool(t.emergency)], ["Scheduled", bool(t.scheduled)], ["Interfacility", bool(t.interfacility)],
      ["ALS dispatch", bool(t.als_dispatch)],
      ["Origin", site(t.origin, t.origin_zip)], ["Destination", site(t.destination, t.destination_zip)],
      ["Loaded miles", t.loaded_miles], ["Moved to unit", MOVED[t.moved_to_ambulance] || t.moved_to_ambulance],
      ["Moved from unit", MOVED[t.moved_from_ambulance] || t.moved_from_ambulance],
      ["Transport assessment", (d.transport_assessment || []).map(function (s) { return s.replace(/_/g, " "); }).join(", ")]
    ]));
    section(card, "Crew", kv([
      ["Unit", d.unit],
      ["Certifications", (d.crew || []).map(function (c) { return (c.certification || "?") + (c.role ? " (" + c.role + ")" : ""); }).join(", ")]
    ]));
    section(card, "Impression", kv([["Primary", imp.primary], ["ICD-10", imp.icd10], ["Secondary", (imp.secondary || []).join(", ")]]));
    if (d.vitals && d.vitals.length) {
      var vcols = [["time", "Time"], ["bp", "BP", 1], ["hr", "HR", 1], ["rr", "RR", 1], ["spo2", "SpO\u2082", 1], ["gcs", "GCS", 1],
        ["glucose", "BGL", 1], ["etco2", "EtCO\u2082", 1], ["pain", "Pain", 1]];
      var vrows = d.vitals.map(function (v) {
        var r = {}; Object.keys(v).forEach(function (k) { r[k] = v[k]; });
        if (v.sbp !== undefined || v.dbp !== undefined) r.bp = (v.sbp === undefined ? "?" : v.sbp) + "/" + (v.dbp === undefined ? "?" : v.dbp);
        return r;
      });
      section(card, "Vitals", miniTable(vcols, vrows));
    }
    if (d.procedures && d.procedures.length) {
      section(card, "Procedures", miniTable([["name", "Procedure"], ["code", "Code"], ["pta", "PTA"]],
        d.procedures.map(function (p) { return { name: p.name, code: p.code, pta: p.prior_to_arrival ? "prior to arrival" : "" }; })));
    }
    if (d.medications && d.medications.length) {
      section(card, "Medications", miniTable([["name", "Medication"], ["dose", "Dose"], ["route", "Route"], ["pta", "PTA"]],
        d.medications.map(function (m) { return { name: m.name, dose: m.dose, route: m.route, pta: m.prior_to_arrival ? "prior to arrival" : "" }; })));
    }
    section(card, "Signatures", kv([
      ["Patient", bool(sig.patient), sig.patient === true ? "yes" : sig.patient === false ? "no" : null],
      ["Representative", bool(sig.representative)], ["Reason unable", sig.reason_unable],
      ["PCS", bool(sig.pcs), sig.pcs === true ? "yes" : sig.pcs === false ? "no" : null], ["PCS date", sig.pcs_date]
    ]));
    if (card.childNodes.length === 1) card.appendChild(el("p", "muted", "No structured fields in the input."));
    return card;
  }
  function narrativeFactsCard(row) {
    var card = el("section", "card");
    card.appendChild(el("h2", null, "From the narrative"));
    if (row.a && row.a.length) {
      var n = 0;
      var rows = row.a.map(function (a) {
        if (a[5]) n += a[4];
        return { med: str(a[0]), dose: a[1] === null ? "" : a[1] + (str(a[2]) ? " " + str(a[2]) : ""), route: str(a[3]) || "",
          count: a[4], als2: a[5] ? "yes" : a[6] ? "no (PTA)" : "no" };
      });
      section(card, "Medication administrations (" + n + " toward ALS2)",
        miniTable([["med", "Medication"], ["dose", "Dose"], ["route", "Route"], ["count", "\u00d7", 1], ["als2", "ALS2"]], rows));
    }
    return card.childNodes.length > 1 ? card : null;
  }

  /* ---------- detail view ---------- */
  function openReport(idx, fromList) {
    var row = ROWS[idx];
    state.open = idx;
    document.querySelectorAll(".report-item[aria-selected='true']").forEach(function (n) { n.setAttribute("aria-selected", "false"); });
    var item = document.querySelector(".report-item[data-index='" + idx + "']");
    if (item) item.setAttribute("aria-selected", "true");
    var pane = $("detail");
    pane.textContent = "";
    var back = el("button", "ghost back", "\u2039 Back to list");
    back.type = "button";
    back.addEventListener("click", closeReport);
    pane.appendChild(back);

    var risk = riskOf(row);
    var head = el("div", "detail-head");
    var score = el("div", "score-big risk-" + risk, row.s === null || row.s === undefined ? "\u2013" : row.s);
    score.appendChild(el("small", null, risk === "error" ? "not scored" : risk + " risk"));
    head.appendChild(score);
    var title = el("div", "title");
    title.appendChild(el("h2", null, row.i));
    var facts = el("div", "facts");
    function fact(label, value, cls) {
      var s = el("span", cls || null); s.appendChild(el("b", null, label + ": ")); s.appendChild(document.createTextNode(value)); facts.appendChild(s);
    }
    fact("Billed", row.bl || "\u2013");
    var over = LEVELS.indexOf(row.bl) > LEVELS.indexOf(row.sl) && LEVELS.indexOf(row.sl) !== -1 && LEVELS.indexOf(row.bl) < 4;
    fact("Supported", row.sl || "\u2013", over ? "warn" : null);
    fact("Transport", row.em === true ? "emergency" : row.em === false ? "non-emergency" : "unknown");
    fact("Bed confined", yesNo(row.bc));
    if (row.u) fact("Unit", row.u);
    title.appendChild(facts);
    head.appendChild(title);
    pane.appendChild(head);

    var grid = el("div", "detail-grid");
    var left = el("div"), right = el("div");
    if (hasErrors(row)) {
      var errs = el("section", "card errors");
      errs.appendChild(el("h2", null, "Errors"));
      var ul = el("ul");
      row.x.forEach(function (x) { ul.appendChild(el("li", null, x)); });
      errs.appendChild(ul);
      left.appendChild(errs);
    }
    var narr = el("section", "card");
    narr.appendChild(el("h2", null, "Narrative"));
    if (row.n !== undefined) { narr.appendChild(legend(row)); narr.appendChild(buildNarrative(row)); }
    else narr.appendChild(el("p", "no-narrative", "The input record could not be read, so there is no narrative to show."));
    left.appendChild(narr);
    var fcard = el("section", "card");
    fcard.appendChild(el("h2", null, "Findings (" + row.f.length + ")"));
    if (row.f.length) {
      var fl = el("ol", "findings");
      row.f.forEach(function (f, k) { fl.appendChild(findingItem(row, f, k)); });
      fcard.appendChild(fl);
    } else fcard.appendChild(el("p", "muted", "No findings: the documentation supports the claim as billed."));
    left.appendChild(fcard);
    if (row.d) right.appendChild(structuredCard(row));
    var nf = narrativeFactsCard(row);
    if (nf) right.appendChild(nf);
    grid.appendChild(left);
    if (right.childNodes.length) grid.appendChild(right);
    pane.appendChild(grid);

    document.body.classList.add("show-detail");
    try { history.replaceState(null, "", "#" + encodeURIComponent(row.i)); } catch (e) { /* file: URLs may refuse */ }
    if (fromList) {
      if (window.matchMedia("(max-width: 760px)").matches) { window.scrollTo(0, 0); back.focus(); }
      else pane.focus({ preventScroll: true });
    }
  }
  function closeReport() {
    document.body.classList.remove("show-detail");
    var item = document.querySelector(".report-item[data-index='" + state.open + "']");
    if (item) item.focus();
  }

  /* ---------- summary toggle and start-up ---------- */
  function showSummary(open) {
    $("summary").hidden = !open;
    $("toggle-summary").setAttribute("aria-expanded", String(open));
    $("toggle-summary").textContent = open ? "Hide summary" : "Show summary";
  }
  $("toggle-summary").addEventListener("click", function () { showSummary($("summary").hidden); });
  // on a phone the list comes first; the summary is one tap away
  if (window.matchMedia("(max-width: 760px)").matches) showSummary(false);
  setupFilters();
  setupList();
  applyFilters();
  var wanted = "";
  try { wanted = decodeURIComponent((location.hash || "").slice(1)); } catch (e) { wanted = ""; }
  if (wanted) {
    for (var i = 0; i < ROWS.length; i++) if (ROWS[i].i === wanted) { openReport(i, false); break; }
  }
  document.documentElement.setAttribute("data-ready", "true");
})();
