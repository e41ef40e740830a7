// Diff: who joins and who leaves when the saved rule becomes the edited one.

import { post } from "./api.js";
import { $, h, replaceChildren } from "./dom.js";
import { attempt } from "./errors.js";
import { createWqlEditor, setEditorText } from "./editor.js";
import { formatCount } from "./util.js";

const LIST_LIMIT = 500;

export class Diff {
  constructor({ getRule }) {
    this.getRule = getRule;
    this.seq = 0;
    this.base = createWqlEditor($("diff-base"), { label: "Saved rule", doc: "" });
    $("diff-copy").addEventListener("click", () => {
      setEditorText(this.base, this.getRule());
      this.base.focus();
    });
    $("diff-run").addEventListener("click", () => this.run());
  }

  async run() {
    const wql = this.getRule();
    const base = this.base.state.doc.toString();
    const out = $("diff-result");
    if (base.trim() === "") {
      replaceChildren(out, h("p", { class: "placeholder" }, "Put the saved rule in the box above (\"Copy from editor\" takes the current rule)."));
      return;
    }
    const seq = ++this.seq;
    $("diff-run").disabled = true;
    out.setAttribute("aria-busy", "true");
    const result = await attempt("Diff", () => post("/api/v1/diff", { wql, base }));
    if (seq !== this.seq) return;
    $("diff-run").disabled = false;
    out.removeAttribute("aria-busy");
    if (!result) {
      replaceChildren(out, h("p", { class: "placeholder" }, "Diff failed; see the error above."));
      return;
    }
    const added = Array.isArray(result.added) ? result.added : [];
    const removed = Array.isArray(result.removed) ? result.removed : [];
    const unchanged = typeof result.unchanged === "number" ? result.unchanged : 0;
    replaceChildren(out,
      h("p", { class: "diff-summary" },
        h("span", { class: "badge badge-yes", "data-testid": "diff-added-count" }, `+${formatCount(added.length)} added`),
        " ",
        h("span", { class: "badge badge-no", "data-testid": "diff-removed-count" }, `−${formatCount(removed.length)} removed`),
        " ",
        h("span", { class: "badge badge-neutral", "data-testid": "diff-unchanged-count" }, `${formatCount(unchanged)} unchanged`)),
      h("div", { class: "diff-lists" },
        memberList("Added (in the edited rule only)", added, "added"),
        memberList("Removed (in the saved rule only)", removed, "removed")));
  }
}

function memberList(title, members, kind) {
  const shown = members.slice(0, LIST_LIMIT);
  return h("section", { class: `diff-list diff-${kind}` },
    h("h4", null, `${title}: ${formatCount(members.length)}`),
    members.length === 0
      ? h("p", { class: "muted" }, "none")
      : h("ul", { tabindex: "0", "aria-label": title }, shown.map((m) => h("li", null, m.name, h("span", { class: "muted" }, ` (${m.resource_id})`)))),
    members.length > shown.length ? h("p", { class: "muted" }, `and ${formatCount(members.length - shown.length)} more`) : null);
}
