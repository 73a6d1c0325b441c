// Citizen-assistant chat bubble. Embed with one tag:
//   <script src="https://<host>/widget.js" data-lang="vi" data-position="right" data-title="Hỏi đáp thủ tục" async></script>
// data-lang: vi | en; data-position: right | left; data-title: the panel's title (optional).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__citizenAssistantWidget) { return; }
  window.__citizenAssistantWidget = true;
  var LABELS = {{ labels|tojson }};
  var origin = new URL(script.src).origin;
  var lang = script.dataset.lang === "en" ? "en" : "vi";
  var labels = LABELS[lang];
  var left = script.dataset.position === "left";
  var title = script.dataset.title || labels.title;

  var style = document.createElement("style");
  style.textContent =
    ".tlcd-bubble{position:fixed;bottom:16px;" + (left ? "left" : "right") + ":16px;z-index:2147483000;" +
    "width:60px;height:60px;border-radius:50%;border:0;background:#0b5394;color:#fff;cursor:pointer;" +
    "box-shadow:0 2px 8px rgba(0,0,0,.3);display:flex;align-items:center;justify-content:center}" +
    ".tlcd-bubble:focus-visible{outline:3px solid #f4b400;outline-offset:2px}" +
    ".tlcd-panel{position:fixed;bottom:88px;" + (left ? "left" : "right") + ":16px;z-index:2147483000;" +
    "width:min(400px,calc(100vw - 32px));height:min(640px,calc(100vh - 112px));border:1px solid #8a94a0;" +
    "border-radius:12px;box-shadow:0 4px 16px rgba(0,0,0,.25);background:#fff}" +
    ".tlcd-panel[hidden]{display:none}" +
    "@media (max-width:480px){.tlcd-panel{inset:0;width:100vw;height:100vh;border-radius:0;border:0}}";
  document.head.appendChild(style);

  var bubble = document.createElement("button");
  bubble.type = "button";
  bubble.className = "tlcd-bubble";
  bubble.setAttribute("aria-label", labels.open);
  bubble.setAttribute("aria-expanded", "false");
  bubble.innerHTML = '<svg width="30" height="30" viewBox="0 0 24 24" aria-hidden="true" focusable="false">' +
    '<path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';

  var panel = document.createElement("iframe");
  panel.className = "tlcd-panel";
  panel.hidden = true;
  panel.title = title;
  panel.setAttribute("allow", "geolocation");

  function toggle(open) {
    if (open && !panel.src) {
      panel.src = origin + "/?embed=1&lang=" + lang + "&title=" + encodeURIComponent(title);
    }
    panel.hidden = !open;
    bubble.setAttribute("aria-expanded", String(open));
    bubble.setAttribute("aria-label", open ? labels.close : labels.open);
    if (open) { panel.focus(); } else { bubble.focus(); }
  }

  bubble.addEventListener("click", function () { toggle(panel.hidden); });
  window.addEventListener("message", function (event) {
    if (event.origin === origin && event.data === "tlcd:close") { toggle(false); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) { toggle(false); }
  });
  document.body.appendChild(panel);
  document.body.appendChild(bubble);
})();
