// The background import page: polls the job's status URL once a second and updates the
// progress bar, the figures and the state without reloading; the cancel button asks over fetch.
(function () {
  "use strict";
  var root = document.getElementById("job");
  if (!root || root.dataset.finished === "true") return;
  var bar = document.getElementById("job-progress");
  var state = document.getElementById("job-state");
  var figures = document.getElementById("job-figures");
  var message = document.getElementById("job-message");
  var cancelForm = document.getElementById("job-cancel-form");
  var refresh = document.getElementById("job-refresh");
  var done = document.getElementById("job-done");
  var finished = ["succeeded", "failed", "cancelled"];
  var timer = null;

  function label(name) {
    return name.charAt(0).toUpperCase() + name.slice(1);
  }

  function show(job) {
    var total = job.progress.total;
    bar.max = total || 1;
    bar.value = Math.min(job.progress.done, total || job.progress.done);
    var text = job.progress.done + " of " + (total === null ? "?" : total) + " rows";
    if (job.rows_per_second) text += " · " + job.rows_per_second + " rows/s";
    if (job.seconds_left !== null) text += " · about " + Math.round(job.seconds_left) + " s left";
    figures.textContent = text;
    state.textContent = label(job.state) + (job.cancel_requested ? " (cancelling…)" : "");
    if (job.message) message.textContent = job.message;
    if (finished.indexOf(job.state) !== -1) {
      clearInterval(timer);
      cancelForm.hidden = true;
      refresh.hidden = true;
      done.hidden = false;
      if (job.errors.length) window.location.reload(); // the per-row report is drawn by the server
    }
  }

  function poll() {
    fetch(root.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (job) { if (job) show(job); })
      .catch(function () { /* try again at the next tick */ });
  }

  cancelForm.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(cancelForm.action, {
      method: "POST",
      body: new FormData(cancelForm),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (answer) { return answer.json(); })
      .then(function (job) { if (job && job.progress) show(job); })
      .catch(function () { cancelForm.submit(); });
  });

  refresh.hidden = true; // the page keeps itself current
  timer = setInterval(poll, 1000);
  poll();
})();
