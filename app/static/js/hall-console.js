// Window console: refresh the waiting counts every 10 seconds (HTMX does the polling; this file
// only asks before a skip, which cannot be undone).
document.addEventListener("submit", function (event) {
  "use strict";
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) { event.preventDefault(); }
});
