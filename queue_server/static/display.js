/* Antre — the hall board (/display?token=T[&zone=Z][&sound=off][&pickup-panel=1]).
 *
 * The page arrives with the board's state (#board-data) as of event `last_seq`; from there:
 *  - live events over /api/v1/events/ws?since=<last applied seq>; each event is applied
 *    once (seq ≤ last is dropped), the last seq is kept in sessionStorage so a reload
 *    resumes where the board was; reconnects with back-off and shows "menyambung ulang…";
 *  - a watchdog asks /api/v1/health every 20 s: a socket that looks open but brought
 *    nothing of what existed 20 s ago is reopened (a TV's Wi-Fi can drop without a close);
 *  - ticket.called / ticket.recalled are queued for the voice once each, in order, and
 *    played one at a time; which clips to play comes from /api/v1/announcements/phrase
 *    (the server holds the Indonesian number words); a call older than 60 s when it
 *    arrives (it happened while the board was cut off) is shown but not spoken;
 *  - the first touch (or OK on a remote) unlocks sound, as browsers require.
 * Plain ES2015, no dependencies, no requests anywhere but this server.
 * Test hooks: arrays window.__antreCalls / __antreAnnounced / __antrePlayed, when a test
 * defines them, receive each call shown / queued for the voice / played.
 */
(function () {
  "use strict";

  var RECENT_MS = 60000;
  var HIGHLIGHT_MS = 10000;
  var HISTORY = 6;
  var ANNOUNCEMENTS = 3;
  var BACKOFF_MS = [500, 1000, 2000, 4000, 8000];
  var CONNECT_TIMEOUT_MS = 10000;
  var OFFLINE_DELAY_MS = 1500;
  var WATCH_MS = 20000;
  var GATE_COLLAPSE_MS = 30000;
  var TICKER_PX_PER_SECOND = 12; // in --u units: the same reading speed on any screen
  var SEQ_KEY = "antre.board.seq";

  var DAYS = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"];
  var MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
  ];
  var ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
  };
  var CALLS = { "ticket.called": false, "ticket.recalled": true };
  var LEAVES = {
    "ticket.finished": 1,
    "ticket.no_show": 1,
    "ticket.transferred": 1,
    "ticket.requeued": 1,
    "ticket.cancelled": 1,
    "ticket.expired": 1,
  };
  var COUNTER_STATUS = {
    "counter.opened": "open",
    "counter.paused": "paused",
    "counter.closed": "closed",
  };
  var STATE_WORDS = { closed: "TUTUP", paused: "ISTIRAHAT" };

  function $(id) {
    return document.getElementById(id);
  }

  var data = JSON.parse($("board-data").textContent);
  var params = new URLSearchParams(window.location.search);
  var token = params.get("token") || "";
  var silent = /^(0|off|no|false|mati)$/i.test(params.get("sound") || "");
  // Judge "recent" and show the time by the server's clock: a TV's own clock is often wrong.
  var skew = Date.parse(data.now) - Date.now();

  function serverNow() {
    return Date.now() + skew;
  }

  function hook(name, value) {
    var list = window[name];
    if (Array.isArray(list)) list.push(value);
  }

  // ---- state ------------------------------------------------------------------------------

  var counters = {};
  var order = [];
  data.counters.forEach(function (c) {
    counters[c.id] = {
      id: c.id,
      name: c.name,
      agency: c.agency,
      status: c.status,
      current: c.current,
      freshUntil: 0,
    };
    order.push(c.id);
  });
  var calls = data.calls.slice(); // newest first: the big one, then the previous ones
  var announcements = data.announcements.slice();
  var freshUntil = 0;
  var lastSeq = startSeq();

  function startSeq() {
    // A reload of this tab resumes from the last event it applied: calls made meanwhile
    // are replayed (shown, and spoken if recent). A stored seq past the log's head means
    // the hall's log was reset: start over from the page's state.
    var stored = null;
    try {
      stored = parseInt(window.sessionStorage.getItem(SEQ_KEY), 10);
    } catch (e) {
      /* storage disabled */
    }
    return stored >= 0 && stored < data.last_seq ? stored : data.last_seq;
  }

  function storeSeq() {
    try {
      window.sessionStorage.setItem(SEQ_KEY, String(lastSeq));
    } catch (e) {
      /* the board works without it */
    }
  }

  function receive(event) {
    if (!event || typeof event.seq !== "number" || event.seq <= lastSeq) return;
    apply(event);
    lastSeq = event.seq;
    storeSeq();
  }

  function apply(event) {
    var d = event.data || {};
    var type = event.type;
    var counter = counters[d.counter_id];
    if (type in CALLS) {
      if (!counter) return; // another zone's counter
      release(d.number);
      counter.current = { number: d.number, status: "called" };
      counter.freshUntil = Date.now() + HIGHLIGHT_MS;
      var call = {
        seq: event.seq,
        at: event.at,
        number: d.number,
        counter_id: d.counter_id,
        recall: CALLS[type],
      };
      remember(call);
      if (serverNow() - Date.parse(event.at) <= RECENT_MS) speaker.enqueue(call);
      freshUntil = Date.now() + HIGHLIGHT_MS;
      render({ call: true, history: true, counters: true });
    } else if (type === "ticket.serving") {
      if (!counter) return;
      counter.current = { number: d.number, status: "serving" };
      render({ counters: true });
    } else if (type in LEAVES) {
      if (release(d.number)) render({ counters: true });
    } else if (type in COUNTER_STATUS) {
      if (!counter) return;
      counter.status = COUNTER_STATUS[type];
      render({ counters: true });
    } else if (type === "hall.announcement" && d.text) {
      announcements.unshift(d.text);
      announcements.length = Math.min(announcements.length, ANNOUNCEMENTS);
      render({ ticker: true });
    } else if (type === "hall.changed") {
      refreshHall();
    } else if (type === "dossier.changed") {
      signal("antre:dossier"); // the pickup panel, when on (display-pickup.js), refetches
    }
  }

  function signal(name) {
    var event;
    try {
      event = new Event(name);
    } catch (e) {
      event = document.createEvent("Event"); // old TV browsers
      event.initEvent(name, false, false);
    }
    window.dispatchEvent(event);
  }

  var hallReads = 0;
  var hallShown = 0;

  function refreshHall() {
    // The hall's configuration changed (docs/hall-admin.md): this page's own data again,
    // with the same token, zone and agencies, for the hall's name, its running text and
    // the counters (names, added, removed). Calls and counters' states stay as the events
    // made them; a failed read leaves the board as it was.
    var read = ++hallReads;
    fetch(window.location.href, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        if (read < hallShown) return; // an older read answering late: a newer one is shown
        hallShown = read;
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = JSON.parse(page.getElementById("board-data").textContent);
        var name = page.querySelector("h1.hall");
        if (name) document.querySelector("h1.hall").textContent = name.textContent;
        document.title = page.title;
        data.running_text = fresh.running_text;
        var next = {};
        order = [];
        fresh.counters.forEach(function (c) {
          var kept = counters[c.id];
          next[c.id] = {
            id: c.id,
            name: c.name,
            agency: c.agency,
            status: kept ? kept.status : c.status,
            current: kept ? kept.current : c.current,
            freshUntil: kept ? kept.freshUntil : 0,
          };
          order.push(c.id);
        });
        counters = next;
        // Tiles are drawn anew: names, and which counters there are, may have changed.
        $("counters").textContent = "";
        tiles = {};
        hook("__antreHallChanged", fresh.counters.length);
        render({ call: true, history: true, counters: true, ticker: true, layout: true });
        // The page's data as the hall now has it, for the parts that read it (the pickup
        // panel's agency names): they redraw on "antre:hall".
        document.getElementById("board-data").textContent =
          page.getElementById("board-data").textContent;
        signal("antre:hall");
      })
      .catch(function () {
        /* the board goes on with what it shows */
      });
  }

  function release(number) {
    // A ticket is at one counter at a time: clear it wherever it was shown.
    var changed = false;
    order.forEach(function (id) {
      var c = counters[id];
      if (c.current && c.current.number === number) {
        c.current = null;
        changed = true;
      }
    });
    return changed;
  }

  function remember(call) {
    for (var i = 0; i < calls.length; i++) {
      if (calls[i].seq === call.seq) return;
    }
    // A recall (or a transferred ticket called again) moves up instead of showing twice.
    calls = calls.filter(function (c) {
      return c.number !== call.number;
    });
    calls.unshift(call);
    calls.length = Math.min(calls.length, HISTORY + 1);
    hook("__antreCalls", { seq: call.seq, number: call.number, counter_id: call.counter_id });
  }

  // ---- drawing ----------------------------------------------------------------------------

  var pending = {};
  var frame = 0;

  function render(parts) {
    for (var k in parts) pending[k] = true;
    // A burst of events in one moment is drawn once.
    if (!frame) frame = window.requestAnimationFrame(draw);
  }

  function draw() {
    frame = 0;
    var parts = pending;
    pending = {};
    if (parts.call) drawCall();
    if (parts.history) drawHistory();
    if (parts.counters) drawCounters();
    if (parts.ticker) drawTicker();
    if (parts.layout) layoutCounters();
  }

  function counterLabel(id) {
    var c = counters[id];
    return (c ? c.name : "Loket " + id).toUpperCase();
  }

  function drawCall() {
    var latest = calls[0];
    var panel = $("call");
    var number = $("call-number");
    panel.classList.toggle("empty", !latest); // the first minutes of the day
    number.textContent = latest ? latest.number : "";
    number.setAttribute("data-len", String(latest ? latest.number.length : 1));
    $("call-counter").textContent = latest ? counterLabel(latest.counter_id) : "\u00a0";
    var counter = latest && counters[latest.counter_id];
    $("call-agency").textContent = counter ? counter.agency : "";
    panel.classList.toggle("fresh", Date.now() < freshUntil);
    fitWidth(number, NARROWEST);
    fitWidth($("call-counter"), 1);
  }

  // The number may be drawn up to a quarter narrower before its type gets smaller: from
  // 10 m the glyphs' height is what reads, and a portrait TV without a condensed face
  // (most smart TVs) could otherwise not keep them a sixth of the screen high.
  var NARROWEST = 0.75;

  function fitWidth(el, narrowest) {
    el.style.fontSize = "";
    el.style.removeProperty("--squeeze");
    el.style.maxWidth = "";
    var room = el.parentNode.clientWidth * 0.96;
    var wide = el.scrollWidth;
    if (wide <= room || room <= 0) {
      return;
    }
    var squeeze = Math.max(narrowest, room / wide);
    if (squeeze < 1) {
      // Unclamped, the box is as wide as the glyphs and centred in the panel, so
      // narrowing it about its middle keeps the number centred.
      el.style.maxWidth = "none";
      el.style.setProperty("--squeeze", squeeze.toFixed(3));
    }
    if (wide * squeeze > room) {
      var size = parseFloat(window.getComputedStyle(el).fontSize);
      el.style.fontSize = Math.floor((size * room) / (wide * squeeze)) + "px";
    }
  }

  function drawHistory() {
    var list = $("history");
    list.textContent = "";
    var previous = calls.slice(1, HISTORY + 1);
    if (!previous.length) {
      var empty = document.createElement("li");
      empty.className = "history-empty";
      empty.textContent = "Belum ada panggilan";
      list.appendChild(empty);
      return;
    }
    previous.forEach(function (call) {
      var li = document.createElement("li");
      li.setAttribute("data-seq", String(call.seq));
      var n = document.createElement("span");
      n.className = "h-number";
      n.textContent = call.number;
      var c = document.createElement("span");
      c.className = "h-counter";
      c.textContent = counterLabel(call.counter_id);
      li.appendChild(n);
      li.appendChild(c);
      list.appendChild(li);
    });
  }

  var tiles = {};

  function drawCounters() {
    var box = $("counters");
    var now = Date.now();
    order.forEach(function (id) {
      var c = counters[id];
      var tile = tiles[id];
      if (!tile) {
        tile = tiles[id] = document.createElement("div");
        tile.className = "tile";
        tile.setAttribute("data-counter", String(id));
        tile.innerHTML =
          '<p class="tile-name"></p><p class="tile-number"></p><p class="tile-agency"></p>';
        tile.children[0].textContent = c.name.toUpperCase();
        box.appendChild(tile);
      }
      var number = tile.children[1];
      var word = STATE_WORDS[c.status];
      if (c.current) {
        number.textContent = c.current.number;
        number.className = "tile-number";
      } else if (word) {
        number.textContent = word;
        number.className = "tile-number state";
      } else {
        number.textContent = "–";
        number.className = "tile-number idle";
      }
      // A counter on a break keeps its ticket: say "ISTIRAHAT" under the number.
      tile.children[2].textContent = c.current && word ? word : c.agency;
      tile.setAttribute("data-status", c.status);
      tile.classList.toggle("called", !!(c.current && c.current.status === "called"));
      tile.classList.toggle("fresh", now < c.freshUntil);
    });
    scheduleUnfresh();
  }

  var unfreshTimer = 0;

  function scheduleUnfresh() {
    // One timer for the moment the newest highlight ends; draw then clears the old ones.
    var until = freshUntil;
    order.forEach(function (id) {
      until = Math.max(until, counters[id].freshUntil);
    });
    clearTimeout(unfreshTimer);
    if (until > Date.now()) {
      unfreshTimer = setTimeout(function () {
        render({ call: true, counters: true });
      }, until - Date.now() + 50);
    }
  }

  function layoutCounters() {
    // As many columns as make each tile's number largest: 27 counters fill a 1080p board
    // as 9 × 3, a zone of 12 as 6 × 2, a portrait screen with fewer columns.
    var box = $("counters");
    var n = order.length;
    if (!n) return;
    var style = window.getComputedStyle(box);
    var gap = parseFloat(style.columnGap) || 0;
    var width = box.clientWidth;
    var height = box.clientHeight;
    var best = { size: 0, cols: 1 };
    for (var cols = 1; cols <= n; cols++) {
      var rows = Math.ceil(n / cols);
      var w = (width - (cols - 1) * gap) / cols;
      var h = (height - (rows - 1) * gap) / rows;
      // A tile holds the name, a number of up to 5 characters (PK012) with a margin, and
      // the agency: about 2.15 number heights.
      var size = Math.min(h / 2.15, w / (5 * 0.68));
      if (size > best.size) best = { size: size, cols: cols };
    }
    box.style.setProperty("--cols", String(best.cols));
    box.style.setProperty("--tile", Math.floor(best.size) + "px");
  }

  function drawTicker() {
    var text = $("ticker-text");
    text.textContent = "";
    var items = announcements.map(function (a) {
      return { text: a, news: true };
    });
    if (data.running_text) items.push({ text: data.running_text, news: false });
    items.forEach(function (item, i) {
      if (i) {
        var sep = document.createElement("span");
        sep.className = "sep";
        sep.textContent = "•";
        text.appendChild(sep);
      }
      var span = document.createElement("span");
      if (item.news) span.className = "news";
      span.textContent = item.text;
      text.appendChild(span);
    });
    var unit = Math.min(window.innerHeight, window.innerWidth) / 100;
    var seconds = Math.max(10, text.scrollWidth / (TICKER_PX_PER_SECOND * unit));
    text.style.setProperty("--ticker-seconds", seconds.toFixed(1) + "s");
    // Restart from the right edge, so a new announcement is read from its beginning.
    text.style.animation = "none";
    void text.offsetWidth;
    text.style.animation = "";
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  var shownClock = "";

  function hallDate(ms) {
    // The hall's time: the server's clock at the hall's fixed UTC offset (Indonesia keeps
    // no daylight saving, and not every TV browser knows time zones).
    return new Date(ms + data.utc_offset_minutes * 60000);
  }

  function dayOf(ms) {
    return hallDate(ms).toISOString().slice(0, 10);
  }

  function tick() {
    var local = hallDate(serverNow());
    var today = local.toISOString().slice(0, 10);
    if (calls.length && dayOf(Date.parse(calls[calls.length - 1].at)) !== today) {
      // A board left on overnight must not greet the morning with yesterday's calls.
      calls = calls.filter(function (c) {
        return dayOf(Date.parse(c.at)) === today;
      });
      render({ call: true, history: true });
    }
    var clock = pad(local.getUTCHours()) + ":" + pad(local.getUTCMinutes());
    var label = clock + " " + (ZONE_NAMES[data.timezone] || "");
    if (label === shownClock) return;
    shownClock = label;
    $("clock").textContent = label.trim();
    $("date").textContent =
      DAYS[local.getUTCDay()] +
      ", " +
      local.getUTCDate() +
      " " +
      MONTHS[local.getUTCMonth()] +
      " " +
      local.getUTCFullYear();
  }

  // ---- voice ------------------------------------------------------------------------------

  var audio = makeAudio();

  var speaker = {
    queue: [],
    busy: false,
    enabled: false,

    enqueue: function (call) {
      if (silent) return;
      hook("__antreAnnounced", {
        seq: call.seq,
        number: call.number,
        counter_id: call.counter_id,
        recall: call.recall,
      });
      if (!this.enabled) {
        // Nobody has touched the screen yet: keep only what would still be worth saying,
        // so a board left muted all day holds no growing backlog.
        this.queue = this.queue.filter(recent);
      }
      this.queue.push({ call: call });
      this.pump();
    },

    enable: function (touched) {
      if (this.enabled) return;
      this.enabled = true;
      // Calls that waited for the first touch are spoken only while still recent.
      this.queue = this.queue.filter(recent);
      // The chime tells whoever just touched the screen that sound works (a board that
      // may play at once stays quiet when it loads).
      if (touched) this.queue.unshift({ clips: [data.chime_url], gap: 0 });
      this.pump();
    },

    pump: function () {
      if (this.busy || !this.enabled || !this.queue.length) return;
      var self = this;
      var item = this.queue.shift();
      this.busy = true;
      var started = Date.now();
      var finish = function (outcome) {
        if (item.call) {
          hook("__antrePlayed", {
            seq: item.call.seq,
            number: item.call.number,
            outcome: outcome,
            started: started,
            ended: Date.now(),
          });
        }
        self.busy = false;
        self.pump();
      };
      speak(item).then(finish, function () {
        finish("silent");
      });
    },
  };

  function recent(item) {
    return !item.call || serverNow() - Date.parse(item.call.at) <= RECENT_MS;
  }

  function speak(item) {
    // Resolves with what was heard: "phrase", "chime" (the words failed) or "silent".
    if (item.clips) {
      return audio.play(item.clips, item.gap).then(function () {
        return "chime";
      });
    }
    var call = item.call;
    var url =
      "/api/v1/announcements/phrase?number=" +
      encodeURIComponent(call.number) +
      "&counter_id=" +
      encodeURIComponent(call.counter_id) +
      (call.recall ? "&recall=true" : "");
    return fetch(url, { headers: { Authorization: "Bearer " + token }, cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("phrase " + response.status);
        return response.json();
      })
      .then(function (phrase) {
        return audio.play(phrase.clips, phrase.gap_ms);
      })
      .then(
        function () {
          soundTrouble(false);
          return "phrase";
        },
        function () {
          // The words cannot be had: the chime alone still turns heads to the board.
          soundTrouble(true);
          return audio.play([data.chime_url], 0).then(
            function () {
              return "chime";
            },
            function () {
              return "silent";
            }
          );
        }
      );
  }

  function soundTrouble(on) {
    $("sound-trouble").hidden = !on;
  }

  function makeAudio() {
    var Context = window.AudioContext || window.webkitAudioContext;
    var context = null;
    if (Context && !silent) {
      try {
        context = new Context();
      } catch (e) {
        context = null;
      }
    }
    return context ? webAudio(context) : elementAudio();
  }

  function webAudio(context) {
    // Decoded clips stay in memory: ~50 short clips, about 2 MB as floats.
    var buffers = {};

    function load(url) {
      if (!buffers[url]) {
        buffers[url] = fetch(url)
          .then(function (response) {
            if (!response.ok) throw new Error(url + " " + response.status);
            return response.arrayBuffer();
          })
          .then(function (bytes) {
            return new Promise(function (resolve, reject) {
              context.decodeAudioData(bytes, resolve, reject); // the callback form: old TVs
            });
          });
        buffers[url].catch(function () {
          delete buffers[url]; // try again next time
        });
      }
      return buffers[url];
    }

    return {
      running: function () {
        return context.state === "running";
      },
      unlock: function () {
        return context.resume ? context.resume() : Promise.resolve();
      },
      onRunning: function (callback) {
        context.onstatechange = function () {
          if (context.state === "running") callback();
        };
      },
      play: function (urls, gapMs) {
        return Promise.all(urls.map(load)).then(function (list) {
          if (context.state !== "running") throw new Error("audio suspended");
          return new Promise(function (resolve) {
            // All clips scheduled on the audio clock back to back: no gaps from timers.
            var at = context.currentTime + 0.05;
            var last = null;
            list.forEach(function (buffer) {
              var source = context.createBufferSource();
              source.buffer = buffer;
              source.connect(context.destination);
              source.start(at);
              at += buffer.duration + (gapMs || 0) / 1000;
              last = source;
            });
            var done = false;
            var end = function () {
              if (!done) {
                done = true;
                resolve();
              }
            };
            if (last) last.onended = end;
            // onended never comes if the output stalls; the queue must not stall with it.
            setTimeout(end, (at - context.currentTime) * 1000 + 500);
          });
        });
      },
    };
  }

  function elementAudio() {
    // Browsers without Web Audio: one <audio> element after another.
    var unlocked = false;

    function playOne(url) {
      return new Promise(function (resolve, reject) {
        var element = new Audio(url);
        var timer = setTimeout(resolve, 5000);
        element.onended = function () {
          clearTimeout(timer);
          resolve();
        };
        element.onerror = function () {
          clearTimeout(timer);
          reject(new Error(url));
        };
        var started = element.play();
        if (started && started.catch) started.catch(reject);
      });
    }

    return {
      running: function () {
        return unlocked;
      },
      unlock: function () {
        unlocked = true;
        return Promise.resolve();
      },
      onRunning: function () {},
      play: function (urls, gapMs) {
        return urls.reduce(function (chain, url) {
          return chain.then(function () {
            return playOne(url).then(function () {
              return new Promise(function (resolve) {
                setTimeout(resolve, gapMs || 0);
              });
            });
          });
        }, Promise.resolve());
      },
    };
  }

  function setupSound() {
    if (silent) return;
    var gate = $("sound-gate");
    var wasTouched = false;
    var open = function () {
      gate.hidden = true;
      document.removeEventListener("click", touched, true);
      document.removeEventListener("keydown", touched, true);
      speaker.enable(wasTouched);
    };
    var touched = function (event) {
      event.preventDefault();
      wasTouched = true;
      audio.unlock().then(open, open);
    };
    if (audio.running()) {
      open(); // a kiosk browser that allows autoplay: nothing to touch
      return;
    }
    audio.onRunning(open);
    gate.hidden = false;
    $("sound-on").focus();
    document.addEventListener("click", touched, true);
    document.addEventListener("keydown", touched, true);
    setTimeout(function () {
      gate.classList.add("corner");
    }, GATE_COLLAPSE_MS);
  }

  // ---- the live connection ----------------------------------------------------------------

  var socket = null;
  var attempts = 0;
  var offlineTimer = 0;
  var watchedHead = null;
  var resetSeen = 0;

  function connect() {
    var url =
      (window.location.protocol === "https:" ? "wss://" : "ws://") +
      window.location.host +
      "/api/v1/events/ws?since=" +
      lastSeq +
      "&token=" +
      encodeURIComponent(token);
    var ws;
    try {
      ws = new WebSocket(url);
    } catch (e) {
      retry(0);
      return;
    }
    socket = ws;
    var connectTimer = setTimeout(function () {
      ws.close();
    }, CONNECT_TIMEOUT_MS);
    ws.onopen = function () {
      clearTimeout(connectTimer);
      attempts = 0;
      watchedHead = null;
      online();
      // Connected again: what the pickup panel shows may have changed while away.
      signal("antre:online");
    };
    ws.onmessage = function (message) {
      var event;
      try {
        event = JSON.parse(message.data);
      } catch (e) {
        return;
      }
      receive(event);
    };
    ws.onclose = function (closed) {
      clearTimeout(connectTimer);
      if (socket !== ws) return;
      socket = null;
      offline();
      retry(closed.code);
    };
  }

  function retry(code) {
    // 4008: the server dropped a board that fell behind; it resumes at once from its seq.
    // Otherwise back off, with jitter so a hall full of TVs does not return in one beat.
    var base = code === 4008 ? 0 : BACKOFF_MS[Math.min(attempts, BACKOFF_MS.length - 1)];
    attempts += 1;
    setTimeout(connect, base * (0.75 + Math.random() * 0.5));
    if (attempts === 4) checkToken();
  }

  function checkToken() {
    // A refused socket looks like a broken one to the page; ask plainly whether the token
    // still opens the log, so the sign can say what is wrong.
    fetch("/api/v1/events?limit=1", { headers: { Authorization: "Bearer " + token } }).then(
      function (response) {
        if (response.status === 401 || response.status === 403) {
          $("offline-text").textContent =
            "token layar tidak berlaku — hubungi pengelola sistem · display token refused — ask the system administrator";
        }
      },
      function () {}
    );
  }

  function offline() {
    if (offlineTimer) return;
    // Not for a blink: a board that reconnects at once shows nothing.
    offlineTimer = setTimeout(function () {
      $("offline").hidden = false;
    }, OFFLINE_DELAY_MS);
  }

  function online() {
    clearTimeout(offlineTimer);
    offlineTimer = 0;
    $("offline").hidden = true;
    $("offline-text").textContent = "menyambung ulang…";
  }

  function watch() {
    fetch("/api/v1/health", { cache: "no-store" })
      .then(function (response) {
        return response.json();
      })
      .then(
        function (health) {
          resetSeen = health.last_seq < lastSeq ? resetSeen + 1 : 0;
          if (resetSeen >= 2) {
            // The hall's event log was replaced (a new database): start over from it.
            try {
              window.sessionStorage.removeItem(SEQ_KEY);
            } catch (e) {
              /* ignore */
            }
            window.location.reload();
            return;
          }
          if (socket && socket.readyState === 1 && watchedHead !== null && lastSeq < watchedHead) {
            socket.close(); // open but silent: reconnect with since=lastSeq
          }
          watchedHead = health.last_seq;
        },
        function () {
          watchedHead = null;
        }
      );
  }

  // ---- start ------------------------------------------------------------------------------

  tick();
  setInterval(tick, 1000);
  render({ call: true, history: true, counters: true, ticker: true, layout: true });
  window.addEventListener("resize", function () {
    render({ layout: true, call: true, ticker: true });
  });
  // The pictures' area came or went (display-media.js): the grid changed size.
  window.addEventListener("antre:layout", function () {
    render({ layout: true, call: true });
  });
  setupSound();
  connect();
  setInterval(watch, WATCH_MS);
})();
