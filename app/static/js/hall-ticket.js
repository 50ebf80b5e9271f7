// Kiosk ticket: print on the 58 mm receipt printer (print stylesheet in css/hall.css).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var button = document.querySelector("[data-print]");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
});
