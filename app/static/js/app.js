// Small behaviours that need script (the CSP forbids inline scripts).
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-print]");
  if (target) { event.preventDefault(); window.print(); }
  var confirmer = event.target.closest("[data-confirm]");
  if (confirmer && !window.confirm(confirmer.getAttribute("data-confirm"))) { event.preventDefault(); }
});

// Long text fields say their limit and count characters (the server refuses what is longer;
// nothing is cut off silently). The macro renders <div class="char-count" data-count-for=id>.
(function () {
  function length(value) { return Array.from(value.replace(/\r\n/g, "\n")).length; }
  function update(field) {
    var note = document.querySelector('.char-count[data-count-for="' + field.id + '"]');
    if (!note) { return; }
    var limit = parseInt(field.getAttribute("data-maxlength"), 10), used = length(field.value);
    note.textContent = used > limit
      ? "不超过" + limit + "字，已输入" + used + "字，超出" + (used - limit) + "字"
      : "不超过" + limit + "字，已输入" + used + "字";
    note.classList.toggle("text-danger", used > limit);
    field.classList.toggle("is-over-limit", used > limit);
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-maxlength]")) { update(event.target); }
  });
  function all(root) { (root || document).querySelectorAll("[data-maxlength]").forEach(update); }
  document.addEventListener("DOMContentLoaded", function () { all(); });
  document.addEventListener("htmx:afterSettle", function (event) { all(event.target); });
}());
