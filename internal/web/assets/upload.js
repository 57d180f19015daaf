// Upload progress: a file import can take a while on a slow line. Where
// scripts run, an upload form sends its files with XMLHttpRequest and shows
// how far it got; the answer replaces the page as a normal submit would.
// Without scripts the form submits as it is.
"use strict";
document.querySelectorAll("form.upload").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (!window.FormData || !window.XMLHttpRequest) {
      return;
    }
    event.preventDefault();
    var progress = document.createElement("progress");
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute("aria-label", form.getAttribute("data-progress-label") || "");
    form.appendChild(progress);
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        progress.value = Math.round(100 * e.loaded / e.total);
      }
    });
    xhr.addEventListener("load", function () {
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener("error", function () {
      form.submit();
    });
    xhr.send(new FormData(form));
  });
});
