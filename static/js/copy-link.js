// A button with data-copy-target="<input id>" copies that input's value to the clipboard and
// says so in the element with data-copy-status="<input id>" (a live region).
for (const button of document.querySelectorAll("[data-copy-target]")) {
  button.addEventListener("click", async () => {
    const id = button.dataset.copyTarget;
    const input = document.getElementById(id);
    const status = document.querySelector(`[data-copy-status="${id}"]`);
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
      status.textContent = "Copied. Paste it into your calendar app.";
    } catch {
      status.textContent = "Could not copy: select the address and copy it yourself.";
    }
  });
}
