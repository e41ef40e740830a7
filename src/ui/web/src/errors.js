// The error area: one entry per failed action, replaced when the action
// fails again and removed when it next succeeds.

import { $, h, replaceChildren } from "./dom.js";
import { diagnosticLine } from "./util.js";

const entries = new Map();

/** Records that `action` (e.g. "Preview") failed with `err`. */
export function showError(action, err) {
  entries.set(action, err);
  render();
}

/** Clears the error of `action`, if any. */
export function clearError(action) {
  if (entries.delete(action)) render();
}

function render() {
  const area = $("errors");
  if (entries.size === 0) {
    area.hidden = true;
    area.replaceChildren();
    return;
  }
  const items = [];
  for (const [action, err] of entries) {
    const diagnostics = (err && err.diagnostics) || [];
    const lines = diagnostics.length > 0
      ? diagnostics.map((d) => h("li", null,
          h("code", null, diagnosticLine(d)),
          d.location && d.location.line ? h("span", { class: "where" }, ` (line ${d.location.line}, column ${d.location.column})`) : null,
          d.help ? h("span", { class: "help" }, ` help: ${d.help}`) : null))
      : [h("li", null, h("code", null, (err && err.message) || String(err)))];
    items.push(h("div", { class: "error-entry", "data-action": action },
      h("div", { class: "error-head" },
        h("strong", null, `${action} failed`),
        diagnostics.length > 0 && err.message ? h("span", { class: "muted" }, ` (${err.message})`) : null,
        h("button", { type: "button", class: "small dismiss", "aria-label": `Dismiss the ${action} error`, onclick: () => clearError(action) }, "Dismiss")),
      h("ul", null, lines)));
  }
  replaceChildren(area, items);
  area.hidden = false;
}

/**
 * Runs an API call for `action`: clears the action's error on success, shows
 * it on failure. Resolves to the result, or to undefined after a failure.
 */
export async function attempt(action, fn) {
  try {
    const result = await fn();
    clearError(action);
    return result;
  } catch (err) {
    showError(action, err);
    return undefined;
  }
}
