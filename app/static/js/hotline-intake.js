// Intake form: "关联该工单" on a suggested repeat fills the triage (告知进展或结果) and the
// earlier order's number; the agent still submits the form.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-link-order]");
  if (!button) { return; }
  event.preventDefault();
  var triage = document.getElementById("triage"), number = document.getElementById("linked_number");
  if (triage) { triage.value = "linked"; }
  if (number) { number.value = button.getAttribute("data-link-order"); number.focus(); }
});
