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

// An expired session keeps typed text. While a form of this page is being filled (and when it
// is sent) its text fields are copied to this tab's sessionStorage. If the server answers with
// the sign-in page (idle timeout), signing in leads back here (`next`) and the text is put back.
// Drafts are put back only on the first page after the sign-in page, and dropped on any other
// visit of the page and on sign-out, so an old draft never reappears.
(function () {
  var PREFIX = "draft:", RESTORE = "draft-restore";
  var store;
  try { store = window.sessionStorage; } catch (e) { return; }
  if (!store) { return; }
  var KEPT = 'textarea, select, input:not([type]), input[type="text"], input[type="number"], ' +
             'input[type="date"], input[type="tel"], input[type="email"], input[type="search"]';

  function keepable(form) {
    return form && form.matches('form[method="post" i]') && !form.matches("[data-sign-in], [data-sign-out]");
  }
  function key(form) {
    return PREFIX + location.pathname + location.search + "|" + (form.getAttribute("action") || "");
  }
  function save(form) {
    var values = {};
    form.querySelectorAll(KEPT).forEach(function (field) {
      if (field.name) { values[field.name] = field.value; }
    });
    store.setItem(key(form), JSON.stringify(values));
  }
  function restore(form) {
    var saved = store.getItem(key(form));
    if (!saved) { return; }
    var values = JSON.parse(saved), restored = false;
    form.querySelectorAll(KEPT).forEach(function (field) {
      if (field.name && Object.prototype.hasOwnProperty.call(values, field.name) && field.value !== values[field.name]) {
        field.value = values[field.name];
        field.dispatchEvent(new Event("input", { bubbles: true }));
        restored = true;
      }
    });
    if (restored) {
      var note = document.createElement("div");
      note.className = "alert alert-info";
      note.setAttribute("role", "status");
      note.textContent = "已恢复您登录超时前填写的内容，请核对后提交。";
      form.insertBefore(note, form.firstChild);
    }
  }
  function forget() {
    for (var i = store.length - 1; i >= 0; i--) {
      var name = store.key(i);
      if (name && name.indexOf(PREFIX + location.pathname + location.search + "|") === 0) { store.removeItem(name); }
    }
  }

  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (event.isTrusted && keepable(form)) { save(form); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("[data-sign-out]")) {
      for (var i = store.length - 1; i >= 0; i--) {
        var name = store.key(i);
        if (name && name.indexOf(PREFIX) === 0) { store.removeItem(name); }
      }
    } else if (keepable(form)) { save(form); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector("form[data-sign-in]")) { store.setItem(RESTORE, "1"); return; }
    if (store.getItem(RESTORE)) {
      store.removeItem(RESTORE);
      document.querySelectorAll("form").forEach(function (form) { if (keepable(form)) { restore(form); } });
    }
    forget();
  });
}());
