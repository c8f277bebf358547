/* Antre — the counter's SKM tablet (/survey/counter/<id>?token=<display token>).
 *
 * Polls the server every 3 s for the ticket this counter has just finished; shows its
 * survey; after an answer (or 2 minutes without a touch) goes back to the idle screen and
 * never offers that number again. Indonesian by default, English on the toggle.
 */
(function () {
  "use strict";
  var POLL_MS = 3000;
  var IDLE_MS = 120000;
  var THANKS_MS = 6000;
  var counter = document.body.getAttribute("data-counter");
  var token = new URLSearchParams(window.location.search).get("token") || "";
  var api = "/api/v1/survey/counter/" + encodeURIComponent(counter);
  var form = document.getElementById("form");
  var idle = document.getElementById("idle");
  var thanks = document.getElementById("thanks");
  var error = document.getElementById("error");
  var lang = "id";
  var shown = null; // the ticket on screen
  var done = {}; // numbers answered or timed out here
  var idleTimer = null;

  function setLang(value) {
    lang = value;
    document.documentElement.lang = lang;
    Array.prototype.forEach.call(document.querySelectorAll("[data-id]"), function (el) {
      el.textContent = el.getAttribute(lang === "en" ? "data-en" : "data-id");
    });
    var toggle = document.getElementById("lang-toggle");
    toggle.textContent = lang === "en" ? "Bahasa Indonesia" : "English";
    toggle.lang = lang === "en" ? "id" : "en";
    if (shown) document.getElementById("service").textContent = lang === "en" ? shown.service_name_en : shown.service_name;
  }

  function show(which) {
    idle.hidden = which !== "idle";
    form.hidden = which !== "form";
    thanks.hidden = which !== "thanks";
  }

  function reset() {
    if (shown) done[shown.number] = true;
    shown = null;
    form.reset();
    error.hidden = true;
    clearTimeout(idleTimer);
    setLang("id");
    show("idle");
    window.scrollTo(0, 0);
  }

  function touched() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(reset, IDLE_MS);
  }

  function poll() {
    fetch(api, { headers: { Authorization: "Bearer " + token }, cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) {
        if (!state || shown || !thanks.hidden) return;
        var t = state.ticket;
        if (t && !done[t.number]) {
          shown = t;
          document.getElementById("number").textContent = t.number;
          setLang(lang);
          show("form");
          touched();
        }
      })
      .catch(function () { /* the next poll tries again */ })
      .then(function () { setTimeout(poll, POLL_MS); });
  }

  form.addEventListener("input", touched);
  form.addEventListener("click", touched);
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (!shown) return;
    var answers = {};
    for (var i = 1; i <= 9; i++) {
      var picked = form.querySelector('input[name="u' + i + '"]:checked');
      if (picked) answers["u" + i] = Number(picked.value);
    }
    var body = { number: shown.number, answers: answers, suggestion: form.suggestion.value || null };
    fetch(api, {
      method: "POST",
      headers: { Authorization: "Bearer " + token, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    })
      .then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); })
      .then(function (res) {
        if (res.status === 201 || (res.body.error && res.body.error.code !== "validation_error")) {
          done[shown.number] = true;
          show("thanks");
          setTimeout(reset, THANKS_MS);
          return;
        }
        error.textContent = lang === "en" ? res.body.error.message_en : res.body.error.message;
        error.hidden = false;
        error.focus && error.scrollIntoView();
      })
      .catch(function () {
        error.textContent = lang === "en" ? "Could not send. Please try again." : "Gagal mengirim. Silakan coba lagi.";
        error.hidden = false;
      });
  });
  document.getElementById("lang-toggle").addEventListener("click", function () {
    setLang(lang === "en" ? "id" : "en");
    if (shown) touched();
  });
  poll();
})();
