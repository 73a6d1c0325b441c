// The guide page's "In trang này" button (no inline handler: the Content-Security-Policy forbids them).
"use strict";
document.getElementById("print").addEventListener("click", function () { window.print(); });
