// Web chat client (full page, widget iframe and kiosk). Every text is inserted with
// textContent, never as HTML; interface strings come from the page's data- attributes
// (Babel catalogs). The conversation (server-issued session id and transcript) is kept
// in localStorage so it survives a reload; the kiosk forgets it after inactivity.
// Pushed messages (notifications, staff replies) are polled from /api/chat/updates and stay pending on the
// server until the page acknowledges the ids it displayed; the ids already displayed are remembered so a
// message polled again (a reload or a lost acknowledgement before the server marked it) is shown once.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  var t = root.dataset;
  var log = document.getElementById("log");
  var status = document.getElementById("status");
  var form = document.getElementById("composer");
  var input = document.getElementById("message");
  var photoInput = document.getElementById("photo");
  var kiosk = document.body.classList.contains("kiosk");
  var KEYS = { session: "tlcd-session", transcript: "tlcd-transcript", language: "tlcd-language",
               shown: "tlcd-shown-updates" };
  var MAX_ENTRIES = 200;
  var MAX_SHOWN_IDS = 200;
  var UPDATE_EVERY_MS = 15000;
  var transcript = [];
  var lastButtons = [];  // the latest menu: typing its number works like a tap
  var store = browserStorage();

  // Browsers that block storage in third-party frames (the widget on a ward's site, strict privacy
  // settings) get a memory store: the conversation then lasts as long as the page.
  function browserStorage() {
    try {
      var probe = "tlcd-probe";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      var memory = {};
      return {
        getItem: function (k) { return Object.prototype.hasOwnProperty.call(memory, k) ? memory[k] : null; },
        setItem: function (k, v) { memory[k] = String(v); },
        removeItem: function (k) { delete memory[k]; }
      };
    }
  }

  // ---- language: an explicit choice of the resident wins over the page's default
  var preferred = store.getItem(KEYS.language);
  if (preferred && preferred !== document.documentElement.lang) { switchPage(preferred); return; }

  function switchPage(language) {
    var params = new URLSearchParams(window.location.search);
    params.set("lang", language);
    window.location.replace(window.location.pathname + "?" + params.toString());
  }

  // ---- rendering
  function linkified(text) {
    var fragment = document.createDocumentFragment();
    var pattern = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)]/g;
    var last = 0, match;
    while ((match = pattern.exec(text)) !== null) {
      fragment.appendChild(document.createTextNode(text.slice(last, match.index)));
      var a = document.createElement("a");
      a.href = match[0];
      a.textContent = match[0];
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      fragment.appendChild(a);
      last = match.index + match[0].length;
    }
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function render(entry) {
    if (entry.text) {
      var div = document.createElement("div");
      div.className = "msg " + entry.kind;
      if (entry.kind === "bot") { div.appendChild(linkified(entry.text)); } else { div.textContent = entry.text; }
      log.appendChild(div);
    }
    if (entry.image && /^(https?:\/\/|\/)/.test(entry.image)) {
      var img = document.createElement("img");
      img.src = entry.image;
      img.alt = t.imageAlt;
      img.className = "msg-image";
      log.appendChild(img);
    }
    if (entry.buttons && entry.buttons.length) { renderButtons(entry.buttons); }
    log.scrollTop = log.scrollHeight;
  }

  function renderButtons(buttons) {
    var box = document.createElement("div");
    box.className = "buttons";
    lastButtons = buttons;
    buttons.forEach(function (b, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = (i + 1) + ". " + b.title;
      button.addEventListener("click", function () { sendText(b.payload, b.title); });
      box.appendChild(button);
    });
    log.appendChild(box);
  }

  function record(entry) {
    transcript.push(entry);
    transcript = transcript.slice(-MAX_ENTRIES);
    try { store.setItem(KEYS.transcript, JSON.stringify(transcript)); } catch (e) { /* storage full: keep going */ }
    render(entry);
  }

  function notice(text, retry) {
    var div = document.createElement("div");
    div.className = "msg notice";
    div.textContent = text;
    if (retry) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "retry";
      button.textContent = t.retry;
      button.addEventListener("click", function () { div.remove(); retry(); });
      div.appendChild(button);
    }
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }

  function restore() {
    try { transcript = JSON.parse(store.getItem(KEYS.transcript) || "[]"); } catch (e) { transcript = []; }
    transcript.forEach(render);
  }

  // ---- talking to the server
  function session() {
    var id = store.getItem(KEYS.session);
    if (id) { return Promise.resolve(id); }
    return fetch("/api/session", { method: "POST" })
      .then(function (r) { if (!r.ok) { throw new Error("session"); } return r.json(); })
      .then(function (j) { store.setItem(KEYS.session, j.session_id); return j.session_id; });
  }

  function postJson(body) {
    return function (id) {
      return fetch("/api/chat", { method: "POST", headers: { "Content-Type": "application/json" },
                                  body: JSON.stringify(Object.assign({ session_id: id }, body)) });
    };
  }

  // Run one request (a function of the session id) and show the bot's replies; offer a retry when it fails.
  function deliver(request, retried) {
    status.textContent = t.typing;
    return session().then(request).then(function (r) {
      return r.json().then(function (j) { return { status: r.status, body: j }; });
    }).then(function (res) {
      status.textContent = "";
      if (res.body.code === "invalid_session" && !retried) {
        store.removeItem(KEYS.session);
        return deliver(request, true);
      }
      if (res.status === 503) { notice(res.body.error || t.errorBusy, function () { deliver(request); }); return; }
      if (res.status >= 400) { notice(res.body.error || t.errorBusy); return; }
      res.body.messages.forEach(function (m) {
        record({ kind: "bot", text: m.text, buttons: m.buttons, image: m.image });
      });
    }).catch(function () {
      status.textContent = "";
      notice(t.errorOffline, function () { deliver(request); });
    });
  }

  function sendText(message, shown) {
    record({ kind: "user", text: shown || message });
    return deliver(postJson({ message: message }));
  }

  function shownUpdates() {
    try { return JSON.parse(store.getItem(KEYS.shown) || "[]"); } catch (e) { return []; }
  }

  // Show the pushed messages not shown yet (recorded in the transcript first), then acknowledge every id
  // polled; until the server has the acknowledgement they come again and are skipped here.
  function checkUpdates() {
    var id = store.getItem(KEYS.session);
    if (!id || document.hidden) { return; }
    fetch("/api/chat/updates?session_id=" + encodeURIComponent(id)).then(function (r) {
      return r.ok ? r.json() : { messages: [] };
    }).then(function (j) {
      var shown = shownUpdates();
      var ids = [];
      j.messages.forEach(function (m) {
        if (typeof m.id === "number") { ids.push(m.id); }
        if (typeof m.id === "number" && shown.indexOf(m.id) !== -1) { return; }
        record({ kind: "bot", text: m.text, buttons: m.buttons, image: m.image });
        if (typeof m.id === "number") { shown.push(m.id); }
      });
      if (!ids.length) { return; }
      try { store.setItem(KEYS.shown, JSON.stringify(shown.slice(-MAX_SHOWN_IDS))); } catch (e) { /* storage full */ }
      return fetch("/api/chat/updates/ack", { method: "POST", headers: { "Content-Type": "application/json" },
                                              body: JSON.stringify({ session_id: id, ids: ids }) });
    }).catch(function () { /* offline: the next check tries again (and acknowledges what is shown) */ });
  }

  // ---- composer
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    var chosen = /^\d{1,2}$/.test(text) ? lastButtons[parseInt(text, 10) - 1] : null;
    if (chosen) { sendText(chosen.payload, chosen.title); } else { sendText(text); }
  });

  document.getElementById("photo-button").addEventListener("click", function () { photoInput.click(); });
  photoInput.addEventListener("change", function () {
    var file = photoInput.files[0];
    photoInput.value = "";
    if (!file) { return; }
    if (file.size > parseInt(t.maxPhotoBytes, 10)) { notice(t.photoTooLarge); return; }
    record({ kind: "user", text: t.photoSent });
    deliver(function (id) {
      var body = new FormData();
      body.append("session_id", id);
      body.append("photo", file);
      return fetch("/api/upload", { method: "POST", body: body });
    });
  });

  document.getElementById("location-button").addEventListener("click", function () {
    if (!navigator.geolocation) { notice(t.locationUnavailable); return; }
    navigator.geolocation.getCurrentPosition(function (position) {
      var c = position.coords;
      record({ kind: "user", text: t.locationSent + " (" + c.latitude.toFixed(5) + ", " + c.longitude.toFixed(5) + ")" });
      deliver(postJson({ location: { latitude: c.latitude, longitude: c.longitude } }));
    }, function (error) {
      notice(error.code === error.PERMISSION_DENIED ? t.locationDenied : t.locationUnavailable);
    }, { enableHighAccuracy: true, timeout: 15000 });
  });

  document.getElementById("language").addEventListener("click", function (e) {
    var language = e.currentTarget.dataset.lang;
    store.setItem(KEYS.language, language);
    var payload = "/change_language" + JSON.stringify({ language: language });
    record({ kind: "user", text: e.currentTarget.textContent });
    deliver(postJson({ message: payload })).then(function () { switchPage(language); });
  });

  // ---- "Hồ sơ của tôi": the dossiers this conversation follows; a tap looks one up again
  var panel = document.getElementById("my-dossiers");
  var panelButton = document.getElementById("my-dossiers-button");
  panelButton.addEventListener("click", function () {
    var open = panel.hidden;
    panel.hidden = !open;
    panelButton.setAttribute("aria-expanded", String(open));
    if (open) { loadMyDossiers(); }
  });

  function loadMyDossiers() {
    var list = document.getElementById("my-dossiers-list");
    var id = store.getItem(KEYS.session);
    var request = id ? fetch("/api/my-dossiers?session_id=" + encodeURIComponent(id)).then(function (r) {
      return r.ok ? r.json() : { dossiers: [] };
    }) : Promise.resolve({ dossiers: [] });
    request.then(function (j) {
      list.textContent = "";
      j.dossiers.forEach(function (d) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = d.receipt_number + " — " + (d.procedure_name ? d.procedure_name + ": " : "") + d.status;
        button.addEventListener("click", function () { sendText(d.receipt_number); });
        item.appendChild(button);
        list.appendChild(item);
      });
      document.getElementById("my-dossiers-empty").hidden = j.dossiers.length > 0;
    }).catch(function () { notice(t.errorOffline, loadMyDossiers); });
  }

  var close = document.getElementById("close");
  if (close) { close.addEventListener("click", function () { window.parent.postMessage("tlcd:close", "*"); }); }

  // ---- kiosk: a start screen, and a fresh conversation for the next resident after inactivity
  function setUpKiosk() {
    var start = document.getElementById("kiosk-start");
    var idleMs = parseInt(t.idleSeconds, 10) * 1000;
    var timer = null;
    function reset() {
      store.removeItem(KEYS.session);
      store.removeItem(KEYS.transcript);
      store.removeItem(KEYS.language);
      store.removeItem(KEYS.shown);
      transcript = [];
      lastButtons = [];
      log.textContent = "";
      input.value = "";
      start.hidden = false;
      document.getElementById("start").focus();
    }
    function touched() {
      clearTimeout(timer);
      if (start.hidden) { timer = setTimeout(reset, idleMs); }
    }
    ["click", "keydown", "touchstart", "input"].forEach(function (name) {
      document.addEventListener(name, touched, true);
    });
    document.getElementById("start").addEventListener("click", function () {
      start.hidden = true;
      touched();
      input.focus();
      if (!transcript.length) { greet(); }
    });
    start.hidden = transcript.length > 0;
    touched();
  }

  // The first message: the greeting, or the guide a printed QR code points to (/?start=guide:<id>).
  function greet() {
    var language = document.documentElement.lang;
    var start = /^guide:([a-z0-9_]{1,40})$/.exec(new URLSearchParams(window.location.search).get("start") || "");
    var message = start ? "/continue_guide" + JSON.stringify({ guide_id: start[1] })
      : "/greet" + (language === "vi" ? "" : JSON.stringify({ language: language }));
    deliver(postJson({ message: message }));
  }

  restore();
  if (kiosk) { setUpKiosk(); } else if (!transcript.length) { greet(); }
  checkUpdates();  // what arrived, or was not acknowledged, while the page was closed
  setInterval(checkUpdates, UPDATE_EVERY_MS);
  window.addEventListener("online", checkUpdates);
})();
