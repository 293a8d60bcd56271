// Start GOV.UK Frontend and MoJ Frontend components, and re-start them on content htmx swaps in.
import { initAll as govukInitAll } from "/static/govuk/govuk-frontend.min.js";
import { initAll as mojInitAll } from "/static/moj/all.bundle.mjs";

govukInitAll();
mojInitAll();

document.body.addEventListener("htmx:afterSettle", (event) => {
  govukInitAll({ scope: event.detail.elt });
});
