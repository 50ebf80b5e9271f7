// Calling screen: speaks each new call (or recall) once in Chinese with the browser's speech
// synthesis. Browsers allow speech only after a user gesture, so the hall staff press
// "开启语音播报" once when the screen is switched on.
(function () {
  "use strict";
  var spoken = {};
  var enabled = false;

  function speak(text) {
    if (!enabled || !("speechSynthesis" in window)) { return; }
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "zh-CN";
    utterance.rate = 0.9;
    window.speechSynthesis.speak(utterance);
  }

  function announce(first) {
    var rows = document.querySelectorAll("[data-call]");
    for (var i = rows.length - 1; i >= 0; i--) {
      var key = rows[i].getAttribute("data-call");
      if (!spoken[key]) {
        spoken[key] = true;
        if (!first) { speak(rows[i].getAttribute("data-speech")); }
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    announce(true);  // what is on screen at start-up was called before
    var button = document.querySelector("[data-enable-speech]");
    if (button) {
      button.addEventListener("click", function () {
        enabled = true;
        button.textContent = "语音播报已开启";
        button.disabled = true;
      });
    }
  });
  document.addEventListener("htmx:afterSwap", function () { announce(false); });
  window.hallScreen = {spoken: spoken};
})();
