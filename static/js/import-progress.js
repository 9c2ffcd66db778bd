// While an import file is sent and checked (a large file takes a while), say so and keep
// the button from being pressed twice. Without JavaScript the form works the same.
document.querySelectorAll("form[data-import-form]").forEach(function (form) {
  form.addEventListener("submit", function () {
    var busy = form.querySelector("[data-import-busy]");
    if (busy) busy.hidden = false;
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      // After this event: disabling now would drop the button from what is sent.
      setTimeout(function () { button.disabled = true; }, 0);
    });
  });
});
