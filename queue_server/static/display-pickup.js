/* Antre — the web board's "Berkas siap diambil" panel (/display?…&pickup-panel=1).
 *
 * The page's #board-data carries `pickup`: {ready: the answer of GET /api/v1/dossiers/ready
 * as of the page, names: {agency id: short name}, agencies: the board's agencies (none:
 * all)}; the server has drawn that list already. From there:
 *  - display.js fires "antre:dossier" for each `dossier.changed` event and "antre:online"
 *    each time its socket (re)connects: the list is read again (a burst shares one read);
 *  - and "antre:hall" once it has read the page again after `hall.changed`: the agencies'
 *    names are taken from it (an agency renamed in the console);
 *  - a slow read every minute, for whatever the stream could not say;
 *  - what does not fit is counted per agency ("+3 lagi"), never cut mid-number.
 * Each dossier is shown as the number and day printed on the ticket of the visit that left
 * it ("H001 07/12"): what the citizen holds. Never a title, a note, a name or a NIK (the
 * route gives a display token nothing more). The calls are display.js's alone: nothing
 * here touches them or the voice.
 * Plain ES2015, no dependencies. Test hook: the array window.__antrePickup, when a test
 * defines it, receives each list drawn (["Disdukcapil: P001 07/12", …]).
 */
(function () {
  "use strict";

  var SETTLE_MS = 500;
  var REFRESH_MS = 60000;
  var SHOWN_PER_AGENCY = 12;

  var pickup = JSON.parse(document.getElementById("board-data").textContent).pickup;
  if (!pickup) return;
  var token = new URLSearchParams(window.location.search).get("token") || "";
  var list = document.getElementById("pickup-list");
  var settle = 0;
  var reads = 0;
  var shown = 0;

  function hook(name, value) {
    var found = window[name];
    if (Array.isArray(found)) found.push(value);
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function withEnglish(el, english) {
    var en = element("span", "en", english);
    en.setAttribute("lang", "en");
    el.appendChild(document.createTextNode(" "));
    el.appendChild(en);
    return el;
  }

  function dayLabel(iso) {
    // "2026-12-07" → "07/12", as printed on the ticket.
    return iso.slice(8, 10) + "/" + iso.slice(5, 7);
  }

  function groups(ready) {
    var only = pickup.agencies || [];
    return ready.filter(function (g) {
      return !only.length || only.indexOf(g.agency_id) >= 0;
    });
  }

  function moreItem(count) {
    return withEnglish(element("li", "pk-more", "+" + count + " lagi"), "more");
  }

  function draw(ready) {
    list.textContent = "";
    var lines = [];
    groups(ready).forEach(function (g) {
      var box = element("div", "pk-group");
      box.setAttribute("data-agency", g.agency_id);
      var name = pickup.names[g.agency_id] || g.agency_id;
      box.appendChild(element("p", "pk-agency", name));
      var numbers = element("ol", "pk-numbers");
      g.dossiers.slice(0, SHOWN_PER_AGENCY).forEach(function (d) {
        var li = element("li", "pk-item");
        li.appendChild(element("span", "pk-number", d.number));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(element("span", "pk-day", dayLabel(d.day)));
        numbers.appendChild(li);
      });
      var more = g.dossiers.length - SHOWN_PER_AGENCY;
      if (more > 0) numbers.appendChild(moreItem(more));
      box.appendChild(numbers);
      list.appendChild(box);
      lines.push(name);
    });
    if (!lines.length) {
      list.appendChild(withEnglish(element("p", "pk-none", "Belum ada berkas siap diambil"), "No dossiers ready yet"));
    }
    fit();
    hook("__antrePickup", drawnLines());
  }

  function drawnLines() {
    return Array.prototype.map.call(list.querySelectorAll(".pk-group"), function (box) {
      var items = Array.prototype.map.call(box.querySelectorAll(".pk-item"), function (li) {
        return li.textContent;
      });
      var more = box.querySelector(".pk-more");
      if (more) items.push(more.firstChild.textContent);
      return box.querySelector(".pk-agency").textContent + ": " + items.join("   ");
    });
  }

  function fit() {
    // Fewer numbers rather than cut ones: while the list overflows its panel, the agency
    // showing the most gives up its last number to its "+N lagi".
    for (var guard = 0; guard < 500 && list.scrollHeight > list.clientHeight + 1; guard++) {
      var boxes = list.querySelectorAll(".pk-group");
      var fullest = null;
      var most = 0;
      Array.prototype.forEach.call(boxes, function (box) {
        var n = box.querySelectorAll(".pk-item").length;
        if (n >= most) {
          most = n;
          fullest = box;
        }
      });
      if (!fullest || most <= 1) return; // one number each: nothing more to give
      var items = fullest.querySelectorAll(".pk-item");
      var last = items[items.length - 1];
      var numbers = last.parentNode;
      numbers.removeChild(last);
      var more = numbers.querySelector(".pk-more");
      var count = more ? parseInt(more.firstChild.textContent.slice(1), 10) + 1 : 1;
      if (more) numbers.removeChild(more);
      numbers.appendChild(moreItem(count));
    }
  }

  function read() {
    var asked = ++reads;
    fetch("/api/v1/dossiers/ready", {
      headers: { Authorization: "Bearer " + token },
      cache: "no-store",
    })
      .then(function (response) {
        if (!response.ok) throw new Error("ready " + response.status);
        return response.json();
      })
      .then(
        function (ready) {
          if (asked < shown) return; // an older read answering late
          shown = asked;
          pickup.ready = ready;
          draw(ready);
        },
        function () {
          /* the board's own sign shows connection trouble; keep what is shown */
        }
      );
  }

  function soon() {
    if (settle) return; // a burst (a morning's batch of "ready") shares one read
    settle = setTimeout(function () {
      settle = 0;
      read();
    }, SETTLE_MS);
  }

  window.addEventListener("antre:hall", function () {
    // The hall changed (display.js re-read the page): an agency renamed shows its new name.
    var fresh = JSON.parse(document.getElementById("board-data").textContent).pickup;
    if (fresh) pickup.names = fresh.names;
    draw(pickup.ready);
  });
  window.addEventListener("antre:dossier", soon);
  window.addEventListener("antre:online", soon);
  window.addEventListener("resize", function () {
    draw(pickup.ready);
  });
  draw(pickup.ready);
  setInterval(read, REFRESH_MS);
})();
