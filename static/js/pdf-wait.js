// The point d'étape's PDF while a task prints it (templates/reporting/point_etape/
// pdf_preparing.html): ask for it again every few seconds and open it once it answers.
// No <meta http-equiv="refresh"> (WCAG 2.2.1): without this file, the "Actualiser" link.
(function () {
  "use strict";
  var box = document.querySelector("[data-pdf-url]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-pdf-url");
  var every = (parseInt(box.getAttribute("data-pdf-every"), 10) || 10) * 1000;

  function check() {
    window.fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (response.status === 200) {
        window.location.replace(url);
      } else if (response.status === 202) {
        window.setTimeout(check, every);
      }
    }, function () { window.setTimeout(check, every); });
  }
  window.setTimeout(check, every);
}());
