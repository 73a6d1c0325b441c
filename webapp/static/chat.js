// Minimal chat client: every text is inserted with textContent, never as HTML.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("message");
  var KEY = "tlcd-session";
  var lastButtons = [];  // the latest menu: typing its number works like a tap

  function add(kind, text) {
    var div = document.createElement("div");
    div.className = "msg " + kind;
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function addButtons(buttons) {
    var box = document.createElement("div");
    box.className = "buttons";
    lastButtons = buttons;
    buttons.forEach(function (b, i) {
      var btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = (i + 1) + ". " + b.title;
      btn.addEventListener("click", function () { send(b.payload, b.title); });
      box.appendChild(btn);
    });
    log.appendChild(box);
  }

  function session() {
    var id = localStorage.getItem(KEY);
    if (id) { return Promise.resolve(id); }
    return fetch("/api/session", { method: "POST" }).then(function (r) { return r.json(); })
      .then(function (j) { localStorage.setItem(KEY, j.session_id); return j.session_id; });
  }

  function send(message, shown) {
    add("user", shown || message);
    var typing = add("notice", root.dataset.typing);
    session().then(function (id) {
      return fetch("/api/chat", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ session_id: id, message: message })
      });
    }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, body: j }; });
    }).then(function (res) {
      typing.remove();
      if (!res.ok) { add("notice", res.body.error || root.dataset.errorBusy); return; }
      res.body.messages.forEach(function (m) {
        if (m.text) { add("bot", m.text); }
        if (m.buttons && m.buttons.length) { addButtons(m.buttons); }
      });
    }).catch(function () { typing.remove(); add("notice", root.dataset.errorOffline); });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    var chosen = /^\d{1,2}$/.test(text) ? lastButtons[parseInt(text, 10) - 1] : null;
    if (chosen) { send(chosen.payload, chosen.title); } else { send(text); }
  });
})();
