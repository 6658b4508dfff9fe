// Small behaviours that need no inline script (the Content Security Policy forbids it).
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.requestSubmit();
});
