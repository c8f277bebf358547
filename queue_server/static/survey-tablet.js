/* Antre — the counter's SKM tablet (/survey/counter/<id>?token=<display token>).
 *
 * Follows the hall's event stream (/api/v1/events/ws, the board's): when this counter
 * finishes a ticket it asks the server at once for the visit to offer, so the survey is on
 * the tablet as the citizen stands up. It asks again on every (re)connect and every 30 s
 * anyway (a stream cut off says nothing). Shows the visit's survey; after an answer (or 2
 * minutes without a touch) goes back to the idle screen and never offers that number
 * again. Indonesian by default, English on the toggle.
 */
(function () {
  "use strict";
  var POLL_MS = 30000; // the fallback; the events make it prompt
  var RETRY_MS = [1000, 2000, 5000, 10000];
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

  var pollTimer = null;
  var asking = false;
  var askAgain = false;

  function poll() {
    // One question at a time; one asked for meanwhile follows it.
    clearTimeout(pollTimer);
    if (asking) {
      askAgain = true;
      return;
    }
    asking = true;
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
      .catch(function () { /* the next question tries again */ })
      .then(function () {
        asking = false;
        if (askAgain) {
          askAgain = false;
          poll();
        } else {
          pollTimer = setTimeout(poll, POLL_MS);
        }
      });
  }

  var lastSeq = Number(document.body.getAttribute("data-since")) || 0;
  var attempts = 0;

  function listen() {
    var url = (window.location.protocol === "https:" ? "wss://" : "ws://") + window.location.host +
      "/api/v1/events/ws?since=" + lastSeq + "&token=" + encodeURIComponent(token);
    var ws;
    try {
      ws = new WebSocket(url);
    } catch (e) {
      setTimeout(listen, RETRY_MS[Math.min(attempts++, RETRY_MS.length - 1)]);
      return;
    }
    ws.onopen = function () {
      attempts = 0;
      poll(); // whatever finished while the stream was away
    };
    ws.onmessage = function (message) {
      var event;
      try {
        event = JSON.parse(message.data);
      } catch (e) {
        return;
      }
      if (event.seq) lastSeq = event.seq;
      if (event.type === "ticket.finished" && String(event.data.counter_id) === counter) poll();
    };
    ws.onclose = function () {
      setTimeout(listen, RETRY_MS[Math.min(attempts++, RETRY_MS.length - 1)]);
    };
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
  listen();
})();
