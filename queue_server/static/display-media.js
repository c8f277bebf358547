/* Antre — the hall's logo and pictures on the web board (/display).
 *
 * The page's #board-data carries `media`: {logo: URL or null, pictures: [{name, url}],
 * seconds}, from the hall file's `logo`, `media_dir` and `media_seconds`. Each URL carries
 * the file's stamp (?v=), so a replaced file is a new URL.
 *  - The logo sits left of the hall's name; one that cannot be loaded is removed: the
 *    header never shows an empty frame.
 *  - The pictures are shown one after another, `seconds` each, in name order. One that
 *    fails to load is skipped, and tried again only once the file changes (a new URL).
 *  - At the end of each round (at most every ROUND_REFRESH_MS), and every REFRESH_MS while
 *    there is nothing to show, /display/media is read again: pictures copied into the
 *    hall's folder, or removed from it, reach the board without a restart.
 *  - While a picture is shown the body has .with-media and display.css gives the area room
 *    beside the previous calls; without one the board is laid out exactly as without media.
 *    Each change fires "antre:layout" so display.js fits the counters and the number again.
 * Plain ES2015, no dependencies. Test hooks: arrays window.__antreMedia and
 * __antreMediaSkipped, when a test defines them, receive the name of each picture as it is
 * shown / skipped because it cannot be loaded.
 */
(function () {
  "use strict";

  var REFRESH_MS = 120000;
  var ROUND_REFRESH_MS = 10000; // a one-picture hall must not ask every few seconds
  var LOAD_TIMEOUT_MS = 20000;

  var media = JSON.parse(document.getElementById("board-data").textContent).media || {};
  var area = document.getElementById("media");
  var picture = document.getElementById("media-picture");
  var pictures = media.pictures || [];
  var seconds = Math.max(1, media.seconds || 8);
  var logoUrl = media.logo || null;
  var next = 0;
  var failed = {}; // URL → true: not tried again until the file (and so its URL) changes
  var timer = 0;
  var refreshedAt = Date.now();

  function hook(name, value) {
    var list = window[name];
    if (Array.isArray(list)) list.push(value);
  }

  function relayout() {
    var event;
    try {
      event = new Event("antre:layout");
    } catch (e) {
      event = document.createEvent("Event"); // old TV browsers
      event.initEvent("antre:layout", false, false);
    }
    window.dispatchEvent(event);
  }

  // ---- the logo -------------------------------------------------------------------------

  function dropLogo(img) {
    if (img && img.parentNode) img.parentNode.removeChild(img);
  }

  function watchLogo(img) {
    img.addEventListener("error", function () {
      dropLogo(img);
    });
    if (img.complete && !img.naturalWidth) {
      // It may have failed before this script ran: ask once more (from the cache).
      var probe = new Image();
      probe.onerror = function () {
        dropLogo(img);
      };
      probe.src = img.src;
    }
  }

  function setLogo(url) {
    var img = document.getElementById("logo");
    if (url === logoUrl && (img || !url)) return;
    logoUrl = url;
    if (!url) {
      dropLogo(img);
      return;
    }
    if (!img) {
      img = document.createElement("img");
      img.className = "logo";
      img.id = "logo";
      img.alt = "";
      var header = document.querySelector(".top");
      header.insertBefore(img, header.firstChild);
      watchLogo(img);
    }
    img.src = url;
  }

  // ---- the pictures ---------------------------------------------------------------------

  function load(url, done) {
    var probe = new Image();
    var settled = false;
    var finish = function (outcome) {
      if (settled) return;
      settled = true;
      clearTimeout(stall);
      done(outcome);
    };
    // A request that hangs must not stop the round; it is tried again next round.
    var stall = setTimeout(function () {
      finish("slow");
    }, LOAD_TIMEOUT_MS);
    probe.onload = function () {
      finish(probe.naturalWidth ? "ok" : "bad");
    };
    probe.onerror = function () {
      finish("bad");
    };
    probe.src = url;
  }

  function show(item) {
    picture.src = item.url; // loaded a moment ago: from the cache
    picture.classList.remove("arrive");
    void picture.offsetWidth; // restart the fade-in
    picture.classList.add("arrive");
    if (area.hidden) {
      area.hidden = false;
      document.body.classList.add("with-media");
      relayout();
    }
    hook("__antreMedia", item.name);
  }

  function hide() {
    if (area.hidden) return;
    area.hidden = true;
    document.body.classList.remove("with-media");
    picture.removeAttribute("src");
    relayout();
  }

  function advance() {
    clearTimeout(timer);
    while (next < pictures.length && failed[pictures[next].url]) next++;
    if (next >= pictures.length) {
      roundEnded();
      return;
    }
    var item = pictures[next++];
    load(item.url, function (outcome) {
      if (outcome === "ok") {
        show(item);
        timer = setTimeout(advance, seconds * 1000);
        return;
      }
      if (outcome === "bad") {
        failed[item.url] = true;
        hook("__antreMediaSkipped", item.name);
      }
      advance();
    });
  }

  function roundEnded() {
    next = 0;
    var usable = pictures.some(function (item) {
      return !failed[item.url];
    });
    if (usable && Date.now() - refreshedAt < ROUND_REFRESH_MS) {
      advance();
      return;
    }
    refresh(function () {
      var any = pictures.some(function (item) {
        return !failed[item.url];
      });
      if (any) {
        advance();
      } else {
        hide();
        timer = setTimeout(roundEnded, REFRESH_MS);
      }
    });
  }

  function refresh(then) {
    refreshedAt = Date.now();
    fetch("/display/media", { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("media " + response.status);
        return response.json();
      })
      .then(
        function (list) {
          pictures = list.pictures || [];
          seconds = Math.max(1, list.seconds || seconds);
          setLogo(list.logo || null);
          then();
        },
        function () {
          then(); // the server is away: keep going with what the board has
        }
      );
  }

  var logo = document.getElementById("logo");
  if (logo) watchLogo(logo);
  if (pictures.length) {
    advance();
  } else {
    timer = setTimeout(roundEnded, REFRESH_MS);
  }
})();
