// Small behaviours that need script (the CSP forbids inline scripts).
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-print]");
  if (target) { event.preventDefault(); window.print(); }
  var confirmer = event.target.closest("[data-confirm]");
  if (confirmer && !window.confirm(confirmer.getAttribute("data-confirm"))) { event.preventDefault(); }
});
