/* The dossier on the /t/ page after the visit, kept live from the tracking stream
 * (/api/v1/track/<token>/stream): the status, the pickup words once ready, the trail.
 * The server renders it first (works without JavaScript); this only redraws it. */
(function () {
  "use strict";
  var box = document.getElementById("dossier");
  if (!box || !window.EventSource) return;
  var en = box.getAttribute("data-lang") === "en";
  var LABELS = {
    received: ["Berkas diterima", "Dossier received"],
    in_process: ["Sedang diproses", "Being processed"],
    needs_completion: ["Perlu dilengkapi", "Needs completion"],
    ready: ["Siap diambil", "Ready to collect"],
    collected: ["Sudah diambil", "Collected"],
    rejected: ["Ditolak", "Rejected"]
  };
  function label(s) { return (LABELS[s] || [s, s])[en ? 1 : 0]; }
  var zone = box.getAttribute("data-timezone") || "Asia/Jakarta";
  function when(at) {
    try {
      return new Date(at).toLocaleString(en ? "en-GB" : "id-ID", {
        timeZone: zone, day: "numeric", month: "short", hour: "2-digit", minute: "2-digit"
      });
    } catch (e) { return at.slice(0, 10); }
  }
  function draw(d) {
    if (!d) return;
    box.setAttribute("data-status", d.status);
    var st = box.querySelector(".dossier-status");
    st.textContent = label(d.status);
    st.setAttribute("data-s", d.status);
    box.querySelector(".pickup").hidden = d.status !== "ready";
    box.querySelector(".missing").hidden = d.status !== "needs_completion";
    var due = box.querySelector(".due");
    due.hidden = !(d.due_date && (d.status === "received" || d.status === "in_process"));
    due.querySelector(".v").textContent = d.due_date || "";
    var list = box.querySelector(".timeline");
    while (list.firstChild) list.removeChild(list.firstChild);
    d.timeline.slice().reverse().forEach(function (e) {
      var li = document.createElement("li");
      var w = document.createElement("span");
      w.className = "when";
      w.textContent = when(e.at);
      var s = document.createElement("strong");
      s.textContent = label(e.status);
      li.appendChild(w);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(s);
      if (e.note) {
        var n = document.createElement("span");
        n.className = "note";
        n.textContent = e.note; // text, never HTML: staff write these notes
        li.appendChild(n);
      }
      list.appendChild(li);
    });
  }
  Array.prototype.forEach.call(box.querySelectorAll(".when[data-at]"), function (el) {
    el.textContent = when(el.getAttribute("data-at"));
  });
  var source = new EventSource("/api/v1/track/" + encodeURIComponent(box.getAttribute("data-token")) + "/stream");
  source.addEventListener("track", function (ev) {
    try { draw(JSON.parse(ev.data).dossier); } catch (e) { /* a bad frame: keep what is shown */ }
  });
})();
