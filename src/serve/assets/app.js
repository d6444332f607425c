// The form's behaviour: loads the sections, presets and treatments from the API, builds the
// request as JSON, shows the PDF in the page, and puts each problem the server reports beside
// the field it belongs to. Plain JavaScript, no libraries; nothing is stored in the browser
// (the access code, if the server asks for one, lives only in this page's memory).
"use strict";

(function () {
  var token = null;
  var urls = [];
  var presets = [];
  var QUESTIONS = "questions-for-your-doctor";
  // the page's own words, in its language, from the server (handouts/locale/page/)
  var W = JSON.parse(document.body.getAttribute("data-words"));
  // the title field's starting text in each language the form speaks
  var TITLES = W.titles;

  function $(id) { return document.getElementById(id); }

  // one of the page's sentences with its {name} places filled
  function say(key, values) {
    return W[key].replace(/\{(\w+)\}/g, function (all, name) {
      return values && name in values ? String(values[name]) : all;
    });
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) { e.textContent = text; }
    return e;
  }

  function api(path, options) {
    options = options || {};
    options.headers = options.headers || {};
    if (token) { options.headers.Authorization = "Bearer " + token; }
    options.credentials = "same-origin";
    return fetch(path, options);
  }

  function show(id, text) {
    var e = $(id);
    e.textContent = text || "";
    e.hidden = !text;
  }

  // ---- loading what the form offers ----

  function load() {
    show("load-error", "");
    var lang = $("language").value;
    Promise.all([
      api("/api/sections?lang=" + encodeURIComponent(lang)),
      api("/api/presets?lang=" + encodeURIComponent(lang)),
      api("/api/treatments?lang=" + encodeURIComponent(W.lang))
    ]).then(function (answers) {
      if (answers.some(function (r) { return r.status === 401; })) {
        askForToken(token ? say("token_rejected_retry") : "");
        return null;
      }
      var bad = answers.filter(function (r) { return !r.ok; });
      if (bad.length) { throw new Error(say("server_answered", { status: bad[0].status })); }
      return Promise.all(answers.map(function (r) { return r.json(); }));
    }).then(function (data) {
      if (!data) { return; }
      $("login").hidden = true;
      renderLanguages(data[0].languages, data[0].language);
      followLanguage(data[0].language);
      renderSections(data[0].sections);
      renderPresets(data[1].presets);
      renderTreatments(data[2]);
    }).catch(function (e) {
      show("load-error", say("load_failed", { reason: e.message }));
    });
  }

  function askForToken(problem) {
    $("login").hidden = false;
    show("token-error", problem);
    $("token").setAttribute("aria-invalid", problem ? "true" : "false");
    $("token").focus();
  }

  function renderLanguages(list, chosen) {
    var select = $("language");
    var tags = Array.prototype.map.call(select.options, function (o) { return o.value; });
    if (tags.join() === list.map(function (l) { return l.tag; }).join()) { return; }
    select.textContent = "";
    list.forEach(function (l) {
      var option = el("option", { value: l.tag, lang: l.tag }, l.name);
      option.selected = l.tag === chosen;
      select.appendChild(option);
    });
  }

  // the lists are in the handout's language: screen readers are told so, and a title still at
  // its starting text follows the language
  function followLanguage(lang) {
    ["sections", "preset", "preset-summary"].forEach(function (id) { $(id).setAttribute("lang", lang); });
    var title = $("title");
    var starting = Object.keys(TITLES).some(function (k) { return TITLES[k] === title.value; });
    if (starting && TITLES[lang]) {
      title.value = TITLES[lang];
      title.setAttribute("lang", lang);
    }
  }

  function renderSections(list) {
    var box = $("sections");
    box.textContent = "";
    list.forEach(function (s) {
      var id = "sec-" + s.id;
      var row = el("div", { "class": "section-choice" });
      var input = el("input", { type: "checkbox", id: id, value: s.id, name: "section" });
      var label = el("label", { "for": id });
      label.appendChild(el("strong", {}, s.title));
      label.appendChild(el("span", { "class": "summary" }, s.summary));
      if (s.applies_when) { label.appendChild(el("span", { "class": "when" }, s.applies_when)); }
      row.appendChild(input);
      row.appendChild(label);
      box.appendChild(row);
    });
  }

  function renderPresets(list) {
    presets = list;
    var select = $("preset");
    while (select.options.length > 1) { select.remove(1); }
    list.forEach(function (p) {
      select.appendChild(el("option", { value: p.name }, p.summary));
    });
  }

  function renderTreatments(data) {
    var box = $("treatments");
    box.textContent = "";
    data.groups.forEach(function (g) {
      var set = el("fieldset", { "class": "group" });
      set.appendChild(el("legend", {}, g.label));
      g.treatments.forEach(function (t) {
        var id = "treat-" + t.id;
        var row = el("div", { "class": "choice" });
        row.appendChild(el("input", { type: "checkbox", id: id, value: t.id, name: "treatment" }));
        row.appendChild(el("label", { "for": id }, t.label));
        set.appendChild(row);
      });
      box.appendChild(set);
    });
    var select = $("cancer");
    while (select.options.length > 1) { select.remove(1); }
    data.cancers.forEach(function (c) {
      select.appendChild(el("option", { value: c.id }, c.label));
    });
  }

  function choosePreset() {
    var name = $("preset").value;
    var preset = presets.filter(function (p) { return p.name === name; })[0];
    $("preset-summary").textContent = preset
      ? say("preset_ticked", { count: preset.sections.length, summary: preset.summary })
      : "";
    if (!preset) { return; }
    document.querySelectorAll("input[name=section]").forEach(function (box) {
      box.checked = preset.sections.indexOf(box.value) >= 0;
    });
  }

  // ---- the request ----

  function checkedValues(name) {
    return Array.prototype.map.call(
      document.querySelectorAll("input[name=" + name + "]:checked"),
      function (b) { return b.value; });
  }

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function request() {
    var booklet = $("format-booklet").checked;
    var questions = $("questions").value.split("\n")
      .map(function (q) { return q.trim(); })
      .filter(function (q) { return q.length > 0; });
    var ids = checkedValues("section");
    if (questions.length && ids.indexOf(QUESTIONS) < 0) { ids.push(QUESTIONS); }
    var sections = ids.map(function (id) {
      return id === QUESTIONS && questions.length ? { use: id, add_questions: questions } : { use: id };
    });
    var preset = presets.filter(function (p) { return p.name === $("preset").value; })[0];
    var name = $("name").value.trim();
    return {
      title: $("title").value,
      language: $("language").value,
      purpose: preset && preset.purpose ? preset.purpose : null,
      date: booklet ? today() : null,
      patient: {
        name: name || null,
        treatments: checkedValues("treatment"),
        cancer: $("cancer").value || null
      },
      style: { booklet: booklet },
      section: sections
    };
  }

  // ---- problems beside their fields ----

  var TARGETS = {
    title: "title", language: "language", name: "name", cancer: "cancer",
    questions: "questions", treatments: "treatments", sections: "sections", format: "format"
  };

  function targetOf(field) {
    if (!field) { return null; }
    if (field === "title" || field === "subtitle") { return "title"; }
    if (field === "language") { return "language"; }
    if (field.indexOf("patient.name") === 0) { return "name"; }
    if (field.indexOf("patient.treatments") === 0) { return "treatments"; }
    if (field.indexOf("patient.cancer") === 0) { return "cancer"; }
    if (/^section\.\d+\.add_questions/.test(field)) { return "questions"; }
    if (/^(section|preset|skip|purpose)/.test(field)) { return "sections"; }
    if (field.indexOf("style") === 0 || field === "date") { return "format"; }
    return null;
  }

  function clearProblems() {
    Object.keys(TARGETS).forEach(function (t) {
      show(t + "-error", "");
      var control = $(t);
      if (control && control.matches("input, select, textarea")) {
        control.removeAttribute("aria-invalid");
      }
    });
    show("form-error", "");
  }

  function showProblem(target, text) {
    if (!target) {
      show("form-error", text);
      return;
    }
    show(target + "-error", text);
    var control = $(target);
    if (control.matches("input, select, textarea")) {
      control.setAttribute("aria-invalid", "true");
    } else {
      control = control.querySelector("input") || control;
    }
    control.focus();
  }

  function words(problem) {
    var text = problem.error || say("pdf_failed");
    text = text.charAt(0).toUpperCase() + text.slice(1) + ".";
    if (problem.help) { text += " " + problem.help.charAt(0).toUpperCase() + problem.help.slice(1) + "."; }
    return text.replace(/\.\./g, ".");
  }

  // ---- making the PDF ----

  function fetchPdf(body, copy) {
    return api("/api/build" + (copy ? "?copy=" + copy : ""), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: body
    });
  }

  function failed(answer) {
    if (answer.status === 401) {
      askForToken(token ? say("token_rejected") : "");
      return Promise.resolve();
    }
    if (answer.status === 503 || answer.status === 413) {
      return answer.json().catch(function () { return {}; }).then(function (p) {
        showProblem(null, words(p));
      });
    }
    return answer.json().catch(function () { return {}; }).then(function (p) {
      showProblem(answer.status === 400 ? targetOf(p.field) : null, words(p));
    });
  }

  function make(event) {
    event.preventDefault();
    clearProblems();
    var req = request();
    if (!req.section.length) {
      showProblem("sections", say("no_sections"));
      return;
    }
    var body = JSON.stringify(req);
    var booklet = req.style.booklet;
    $("make").disabled = true;
    $("status").textContent = say("making");
    var copies = [fetchPdf(body, null)];
    if (booklet) { copies.push(fetchPdf(body, "print")); }
    Promise.all(copies).then(function (answers) {
      var bad = answers.filter(function (a) { return !a.ok; })[0];
      if (bad) {
        $("status").textContent = "";
        return failed(bad);
      }
      var pages = answers[0].headers.get("X-Handout-Pages");
      var warnings = [];
      try { warnings = JSON.parse(answers[0].headers.get("X-Handout-Warnings") || "[]"); } catch (e) { warnings = []; }
      return Promise.all(answers.map(function (a) { return a.blob(); })).then(function (blobs) {
        showPdf(blobs, booklet, pages, warnings);
      });
    }).catch(function (e) {
      $("status").textContent = "";
      showProblem(null, say("unreachable", { reason: e.message }));
    }).then(function () {
      $("make").disabled = false;
    });
  }

  function showPdf(blobs, booklet, pages, warnings) {
    var list = $("warnings");
    list.textContent = "";
    warnings.forEach(function (w) { list.appendChild(el("li", {}, w)); });
    $("warnings-box").hidden = warnings.length === 0;
    urls.forEach(function (u) { URL.revokeObjectURL(u); });
    urls = blobs.map(function (b) { return URL.createObjectURL(b); });
    $("preview").src = urls[0];
    $("download").href = urls[0];
    $("download").setAttribute("download", say(booklet ? "booklet_file" : "handout_file"));
    $("download-print").setAttribute("download", say("booklet_print_file"));
    $("print-copy").hidden = !booklet;
    if (booklet) { $("download-print").href = urls[1]; }
    var what = say(booklet ? "a_booklet" : "a_handout");
    $("result-info").textContent = say("result_info", { what: what, pages: pages });
    $("status").textContent = say("done", { what: what.toLowerCase(), pages: pages });
    $("result").hidden = false;
    $("result-heading").focus();
  }

  function printPdf() {
    try {
      $("preview").contentWindow.focus();
      $("preview").contentWindow.print();
    } catch (e) {
      window.open(urls[0]);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    $("form").addEventListener("submit", make);
    $("preset").addEventListener("change", choosePreset);
    $("language").addEventListener("change", load);
    $("print").addEventListener("click", printPdf);
    $("sign-in").addEventListener("click", function () {
      token = $("token").value.trim() || null;
      load();
    });
    $("token").addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); $("sign-in").click(); }
    });
    load();
  });
})();
