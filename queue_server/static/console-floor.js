// The console's live floor (templates/console/floor.html): keeps #floor-live true.
// Authenticated by the console's HttpOnly cookie (this script never sees a token):
// read /admin/floor.json, then follow /admin/floor/ws?since=SEQ, whose every message is
// the whole floor. After a dropped connection it re-reads the floor before following the
// socket again, so it never shows a stale counter; when the session has ended it says so
// and stops. No framework, nothing from the internet (docs/console.md, "Live floor").
(function () {
  "use strict";
  var live = document.getElementById("floor-live");
  var link = document.getElementById("floor-link");
  if (!live || !link || !window.WebSocket || !window.fetch) return;
  var seq = Number(live.getAttribute("data-seq")) || 0;
  var retries = 0;
  var ended = false;

  function say(state) {
    link.setAttribute("data-state", state);
    link.textContent = link.getAttribute("data-" + state);
    if (state === "signin") {
      var a = document.createElement("a");
      a.href = link.getAttribute("data-signin-link");
      a.textContent = link.getAttribute("data-signin-label");
      link.appendChild(document.createTextNode(" "));
      link.appendChild(a);
    }
  }

  function show(floor) {
    // The server renders the part (escaped by Jinja): the page and the updates are one view.
    live.innerHTML = floor.html;
    seq = floor.seq;
    live.setAttribute("data-seq", String(seq));
  }

  function signIn() {
    ended = true;
    say("signin");
  }

  function later() {
    if (ended) return;
    var wait = Math.min(10000, 500 * Math.pow(2, retries));
    retries += 1;
    window.setTimeout(connect, wait);
  }

  function connect() {
    if (ended) return;
    fetch("/admin/floor.json", { credentials: "same-origin", cache: "no-store", redirect: "manual" })
      .then(function (answer) {
        if (answer.type === "opaqueredirect" || answer.status === 401 || answer.status === 403) {
          signIn();
          return null;
        }
        if (!answer.ok) throw new Error("floor " + answer.status);
        return answer.json();
      })
      .then(function (floor) {
        if (!floor) return;
        show(floor);
        follow();
      })
      .catch(function () {
        say("reconnecting");
        later();
      });
  }

  function follow() {
    var scheme = location.protocol === "https:" ? "wss:" : "ws:";
    var socket = new WebSocket(scheme + "//" + location.host + "/admin/floor/ws?since=" + seq);
    socket.onopen = function () {
      retries = 0;
      say("live");
    };
    socket.onmessage = function (message) {
      var floor = JSON.parse(message.data);
      if (floor.seq >= seq) show(floor);
    };
    socket.onclose = function (closed) {
      if (closed.code === 4401) {
        signIn();
        return;
      }
      if (ended) return;
      say("reconnecting");
      later();
    };
  }

  connect();
})();
