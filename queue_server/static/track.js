/* Antre — the citizen's status page (/t/<token>).
 *
 * The server renders the page in Indonesian; this script keeps it live and bilingual:
 *  - Server-Sent Events on /api/v1/track/<token>/stream ("track" events carry the JSON);
 *  - after repeated stream errors, polls /api/v1/track/<token> every 10 s, and tries the
 *    stream again now and then;
 *  - fetches once more whenever the tab becomes visible again or the phone comes online;
 *  - Indonesian by default, English on the toggle (kept in localStorage) or with ?lang=en.
 * Plain ES2015, no dependencies, no requests anywhere but this server.
 */
(function () {
  "use strict";

  var STRINGS = {
    id: {
      lang_toggle: "English",
      lang_toggle_lang: "en",
      your_number: "Nomor antrean Anda",
      pickup_ref: "Ambil berkas",
      waiting_title: "Menunggu dipanggil",
      ahead_one: "{n} orang di depan Anda",
      ahead_other: "{n} orang di depan Anda",
      next: "Giliran Anda berikutnya",
      eta: "Perkiraan waktu tunggu sekitar {m} menit",
      eta_range: "Perkiraan waktu tunggu {lo}–{hi} menit",
      eta_unknown: "Perkiraan waktu tunggu: menunggu loket dibuka",
      waiting_hint:
        "Tetaplah di ruang tunggu dan perhatikan layar panggilan. Halaman ini diperbarui otomatis.",
      called_title: "Nomor Anda dipanggil!",
      go_to: "Silakan menuju",
      called_hint: "Tunjukkan kertas nomor antrean Anda kepada petugas loket.",
      serving_at: "Sedang dilayani di",
      serving_hint: "Silakan ikuti arahan petugas loket.",
      done_title: "Terima kasih",
      done_text: "Layanan Anda telah selesai. Terima kasih telah berkunjung.",
      survey_link: "Beri penilaian layanan (Survei Kepuasan)",
      complain_link: "Sampaikan pengaduan, saran, atau pertanyaan",
      no_show_title: "Nomor Anda terlewat",
      no_show_text: "Nomor Anda sudah dipanggil, tetapi belum datang ke loket.",
      no_show_action:
        "Silakan temui petugas di meja informasi agar nomor Anda diantrekan kembali.",
      cancelled_title: "Nomor antrean dibatalkan",
      cancelled_text:
        "Jika Anda masih memerlukan layanan, silakan ambil nomor baru di mesin antrean atau tanyakan kepada petugas.",
      expired_title: "Nomor antrean sudah tidak berlaku",
      expired_text:
        "Hari layanan sudah berakhir. Silakan ambil nomor antrean baru pada hari layanan berikutnya.",
      updated: "Diperbarui pukul {t}",
      reconnecting: "menyambung ulang…",
      noscript: "Muat ulang halaman ini untuk melihat keadaan terbaru.",
      doc_title: "{number} · Nomor antrean · {hall}",
      doc_title_called: "DIPANGGIL · {counter} · {number}",
    },
    en: {
      lang_toggle: "Indonesia",
      lang_toggle_lang: "id",
      your_number: "Your queue number",
      pickup_ref: "Collect dossier",
      waiting_title: "Waiting to be called",
      ahead_one: "{n} person ahead of you",
      ahead_other: "{n} people ahead of you",
      next: "You are next",
      eta: "Estimated wait about {m} min",
      eta_range: "Estimated wait {lo}–{hi} min",
      eta_unknown: "Estimated wait: waiting for a counter to open",
      waiting_hint:
        "Please stay in the waiting area and watch the call screen. This page updates automatically.",
      called_title: "Your number is being called!",
      go_to: "Please go to",
      called_hint: "Show your paper queue ticket to the officer at the counter.",
      serving_at: "Being served at",
      serving_hint: "Please follow the counter officer's directions.",
      done_title: "Thank you",
      done_text: "Your service is complete. Thank you for your visit.",
      survey_link: "Rate our service (satisfaction survey)",
      complain_link: "Make a complaint, a suggestion or ask a question",
      no_show_title: "Your number was missed",
      no_show_text: "Your number was called, but you did not come to the counter.",
      no_show_action: "Please see the staff at the information desk to be put back in the queue.",
      cancelled_title: "Queue number cancelled",
      cancelled_text:
        "If you still need the service, please take a new number at the ticket machine or ask the staff.",
      expired_title: "Queue number no longer valid",
      expired_text:
        "The service day has ended. Please take a new queue number on the next service day.",
      updated: "Updated {t}",
      reconnecting: "reconnecting…",
      noscript: "Reload this page to see the latest status.",
      doc_title: "{number} · Queue number · {hall}",
      doc_title_called: "CALLED · {counter} · {number}",
    },
  };

  var ZONES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
  };
  var STATUSES = ["waiting", "called", "serving", "done", "no_show", "cancelled", "expired"];
  var FINAL = { done: true, cancelled: true, expired: true };
  var LANG_KEY = "antre.track.lang";
  var POLL_MS = 10000;
  var MAX_STREAM_ERRORS = 3;
  var STREAM_RETRY_MS = 60000;
  var OFFLINE_DELAY_MS = 1500;

  var body = document.body;
  var token = body.getAttribute("data-token") || "";
  var timezone = body.getAttribute("data-timezone") || undefined;
  var hall = (document.querySelector(".hall") || {}).textContent || "";
  var base = "/api/v1/track/" + encodeURIComponent(token);

  var track = readInitial();
  var lang = chooseLanguage();
  var received = 0; // Date.now() of the newest snapshot from the server (0: only the HTML's)
  var version = 0; // bumped on every snapshot, so a slow fetch cannot overwrite a newer one

  function $(id) {
    return document.getElementById(id);
  }

  function readInitial() {
    try {
      return JSON.parse($("track-data").textContent);
    } catch (e) {
      return null;
    }
  }

  // ---- language -------------------------------------------------------------------------

  function storedLanguage() {
    try {
      return window.localStorage.getItem(LANG_KEY);
    } catch (e) {
      return null; // storage disabled: the choice lasts for this page only
    }
  }

  function storeLanguage(value) {
    try {
      window.localStorage.setItem(LANG_KEY, value);
    } catch (e) {
      /* ignore */
    }
  }

  function chooseLanguage() {
    var fromUrl = new URLSearchParams(window.location.search).get("lang");
    if (fromUrl === "en" || fromUrl === "id") {
      storeLanguage(fromUrl);
      return fromUrl;
    }
    return storedLanguage() === "en" ? "en" : "id";
  }

  function t(key) {
    var table = STRINGS[lang];
    return key in table ? table[key] : STRINGS.id[key];
  }

  // Replace the element's content with `template`, each {name} becoming <span class="v">.
  function fill(el, template, values) {
    while (el.firstChild) el.removeChild(el.firstChild);
    template.split(/(\{\w+\})/).forEach(function (part) {
      var m = /^\{(\w+)\}$/.exec(part);
      if (m) {
        var span = document.createElement("span");
        span.className = "v";
        span.textContent = String(values[m[1]]);
        el.appendChild(span);
      } else if (part) {
        el.appendChild(document.createTextNode(part));
      }
    });
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) {
      return values[name] == null ? "" : String(values[name]);
    });
  }

  function toggleLanguage() {
    lang = lang === "en" ? "id" : "en";
    storeLanguage(lang);
    var url = new URL(window.location.href);
    if (url.searchParams.has("lang")) {
      url.searchParams.set("lang", lang);
      window.history.replaceState(null, "", url.toString());
    }
    render();
  }

  // ---- rendering ------------------------------------------------------------------------

  function clock(iso) {
    var moment = new Date(iso);
    if (isNaN(moment.getTime())) return "";
    var parts = {};
    try {
      new Intl.DateTimeFormat("en-GB", {
        timeZone: timezone,
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      })
        .formatToParts(moment)
        .forEach(function (p) {
          parts[p.type] = p.value;
        });
    } catch (e) {
      return ""; // unknown time zone: better no time than a wrong one
    }
    // PUEBI: "pukul 14.05" in Indonesian text; English keeps "14:05".
    var text = parts.hour + (lang === "en" ? ":" : ".") + parts.minute;
    return ZONES[timezone] ? text + " " + ZONES[timezone] : text;
  }

  function show(el, visible) {
    if (visible) el.removeAttribute("hidden");
    else el.setAttribute("hidden", "");
  }

  // The CSS sizes the number by its character count, cautiously; here it is measured
  // and made as large as the card allows (at most 144 px), so "PK1000" in a wide font
  // never overflows and "B005" is not smaller than it needs to be.
  function fitNumber() {
    var el = $("number");
    el.style.fontSize = "";
    var range = document.createRange();
    range.selectNodeContents(el);
    var text = range.getBoundingClientRect().width;
    var room = el.clientWidth;
    if (!(text > 0 && room > 0)) return;
    var size = parseFloat(window.getComputedStyle(el).fontSize);
    var best = Math.min(144, Math.floor((size * room * 0.94) / text));
    if (best !== Math.floor(size)) el.style.fontSize = best + "px";
  }

  function render() {
    document.documentElement.lang = lang;
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n]"), function (el) {
      el.textContent = t(el.getAttribute("data-i18n"));
    });
    var toggle = $("lang-toggle");
    toggle.textContent = t("lang_toggle");
    toggle.setAttribute("lang", t("lang_toggle_lang"));
    show(toggle, true);
    if (!track) return;

    var status = STATUSES.indexOf(track.status) >= 0 ? track.status : "waiting";
    body.setAttribute("data-status", status);
    var number = $("number");
    if (number.textContent !== track.number) number.textContent = track.number;
    number.setAttribute("data-len", String(track.number.length));
    fitNumber();
    $("service").textContent =
      lang === "en" && track.service_name_en ? track.service_name_en : track.service_name;
    // A pickup ticket: the reference of the dossier it collects.
    show($("pickup-ref"), !!track.dossier_reference);
    $("pickup-ref-code").textContent = track.dossier_reference || "";
    Array.prototype.forEach.call(document.querySelectorAll("[data-state]"), function (el) {
      show(el, el.getAttribute("data-state") === status);
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-counter]"), function (el) {
      el.textContent = track.counter_name || "";
    });

    var position = status === "waiting" ? track.position : null;
    var ahead = $("ahead");
    show(ahead, typeof position === "number" && position > 0);
    if (typeof position === "number" && position > 0) {
      fill(ahead, t(position === 1 ? "ahead_one" : "ahead_other"), { n: position });
    }
    show($("next"), position === 0);
    var eta = $("eta");
    var minutes = status === "waiting" ? track.eta_minutes : null;
    var lo = track.eta_low, hi = track.eta_high;
    // A wide range is shown as the range (docs/eta.md): never a precise-looking number
    // the estimate cannot back; no counter for the service: a plain phrase.
    var unknown = status === "waiting" && minutes === null && track.position !== null;
    show(eta, unknown || (typeof minutes === "number" && minutes > 0));
    if (unknown) fill(eta, t("eta_unknown"), {});
    else if (typeof minutes === "number" && minutes > 0) {
      if (typeof lo === "number" && typeof hi === "number" && hi - lo > 6) {
        fill(eta, t("eta_range"), { lo: lo, hi: hi });
      } else fill(eta, t("eta"), { m: minutes });
    }

    // "Updated" is when the newest news reached this page: the server's stamp moves only
    // with this ticket's own steps, not when someone ahead is called.
    var stamp = Date.parse(track.updated_at) || 0;
    var when = clock(new Date(Math.max(stamp, received)).toISOString());
    var updated = $("updated");
    if (when) fill(updated, t("updated"), { t: when });
    show(updated, !!when);

    document.title = format(t(status === "called" ? "doc_title_called" : "doc_title"), {
      number: track.number,
      counter: track.counter_name,
      hall: hall,
    });
  }

  // ---- new data -------------------------------------------------------------------------

  function valid(data) {
    return (
      data && typeof data === "object" && typeof data.number === "string" && data.status
    );
  }

  function accept(data) {
    if (!valid(data)) return;
    var before = track;
    track = data;
    received = Date.now();
    version += 1;
    render();
    var newlyCalled =
      data.status === "called" &&
      (!before || before.status !== "called" || before.called_at !== data.called_at);
    if (newlyCalled) alertCitizen();
    if (FINAL[data.status]) stopAll();
  }

  function alertCitizen() {
    var panel = $("panel");
    if (panel && panel.scrollIntoView) {
      var calm = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      panel.scrollIntoView({ block: "center", behavior: calm ? "auto" : "smooth" });
    }
    try {
      // Allowed only after the citizen has touched the page at least once.
      if (navigator.vibrate) navigator.vibrate([400, 150, 400, 150, 600]);
    } catch (e) {
      /* not allowed: the colour change has to do */
    }
  }

  // ---- connection -----------------------------------------------------------------------

  var stream = null;
  var streamOpenedAt = 0;
  var streamErrors = 0;
  var streamRetryMs = STREAM_RETRY_MS;
  var streamRetryAt = 0;
  var polling = false;
  var pollTimer = 0;
  var offlineTimer = 0;
  var stopped = false;

  function setOnline(online) {
    var indicator = $("offline");
    if (online) {
      clearTimeout(offlineTimer);
      offlineTimer = 0;
      show(indicator, false);
    } else if (!offlineTimer && !stopped) {
      // A short delay, so a reconnect that succeeds at once does not flicker.
      offlineTimer = setTimeout(function () {
        if (!stopped) show(indicator, true);
      }, OFFLINE_DELAY_MS);
    }
  }

  function handleText(text) {
    try {
      accept(JSON.parse(text));
    } catch (e) {
      /* a malformed message: wait for the next one */
    }
  }

  function openStream() {
    closeStream();
    polling = false;
    clearTimeout(pollTimer);
    if (stopped) return;
    if (!window.EventSource) {
      startPolling();
      return;
    }
    stream = new EventSource(base + "/stream");
    stream.addEventListener("track", function (event) {
      setOnline(true);
      handleText(event.data);
    });
    stream.onopen = function () {
      streamOpenedAt = Date.now();
      setOnline(true);
    };
    stream.onerror = function () {
      if (stopped) return;
      setOnline(false);
      // A connection that lived a while and then dropped is not a failing stream.
      if (streamOpenedAt && Date.now() - streamOpenedAt > 30000) {
        streamErrors = 0;
        streamRetryMs = STREAM_RETRY_MS;
      }
      streamOpenedAt = 0;
      streamErrors += 1;
      if (
        !stream ||
        stream.readyState === EventSource.CLOSED ||
        streamErrors >= MAX_STREAM_ERRORS
      ) {
        startPolling();
      }
    };
  }

  function closeStream() {
    if (stream) {
      stream.onerror = null;
      stream.close();
      stream = null;
    }
  }

  function fetchOnce() {
    var asked = version;
    return fetch(base, {
      cache: "no-store",
      credentials: "omit",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (response.status === 404) {
          // The ticket is gone: let the server show its "not found" page.
          stopAll();
          window.location.reload();
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        setOnline(true);
        if (version === asked) accept(data); // else a newer snapshot came meanwhile
        return true;
      })
      .catch(function () {
        setOnline(false);
        return false;
      });
  }

  function startPolling() {
    closeStream();
    streamErrors = 0;
    polling = true;
    streamRetryAt = Date.now() + streamRetryMs;
    streamRetryMs = Math.min(streamRetryMs * 2, 10 * 60000);
    poll();
  }

  function poll() {
    clearTimeout(pollTimer);
    if (!polling || stopped) return;
    fetchOnce().then(function (ok) {
      if (!polling || stopped) return;
      if (ok && Date.now() >= streamRetryAt) {
        openStream(); // the server answers again: give the live stream another try
      } else {
        pollTimer = setTimeout(poll, POLL_MS);
      }
    });
  }

  function refresh() {
    if (stopped) {
      fetchOnce();
    } else if (polling) {
      poll();
    } else if (!stream || stream.readyState === EventSource.CLOSED) {
      openStream();
    } else {
      fetchOnce(); // the phone may have slept through events
    }
  }

  function stopAll() {
    stopped = true;
    polling = false;
    clearTimeout(pollTimer);
    closeStream();
    setOnline(true);
  }

  // ---- start ----------------------------------------------------------------------------

  $("lang-toggle").addEventListener("click", toggleLanguage);
  window.addEventListener("resize", fitNumber);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") refresh();
  });
  window.addEventListener("online", refresh);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) refresh();
  });

  render();
  if (track && FINAL[track.status]) stopped = true;
  else if (token) openStream();
})();
