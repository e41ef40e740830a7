// Explain: why one device is (or is not) returned by the rule.

import { get, post } from "./api.js";
import { $, h, replaceChildren } from "./dom.js";
import { attempt } from "./errors.js";
import { debounce, explainSegments } from "./util.js";

export class Explain {
  constructor({ getRule }) {
    this.getRule = getRule;
    this.searchSeq = 0;
    this.runSeq = 0;
    const input = $("explain-device");
    const search = debounce(() => this.search(input.value), 200);
    input.addEventListener("input", search);
    $("explain-form").addEventListener("submit", (e) => {
      e.preventDefault();
      search.cancel();
      this.run();
    });
  }

  /** Fills the device suggestions from /devices. */
  async search(text) {
    const seq = ++this.searchSeq;
    const query = text.trim();
    const path = `/api/v1/devices?search=${encodeURIComponent(query)}&limit=20`;
    const result = await attempt("Device search", () => get(path));
    if (!result || seq !== this.searchSeq) return;
    const devices = Array.isArray(result.devices) ? result.devices : [];
    replaceChildren($("device-options"), devices.map((d) => h("option", { value: d.name }, `${d.name} (${d.resource_id})`)));
  }

  async run() {
    const device = $("explain-device").value.trim();
    const wql = this.getRule();
    const out = $("explain-result");
    if (device === "") {
      replaceChildren(out, h("p", { class: "placeholder" }, "Type a device name first."));
      $("explain-device").focus();
      return;
    }
    const seq = ++this.runSeq;
    out.setAttribute("aria-busy", "true");
    $("explain-run").disabled = true;
    const result = await attempt("Explain", () => post("/api/v1/explain", { wql, device }));
    if (seq !== this.runSeq) return;
    $("explain-run").disabled = false;
    out.removeAttribute("aria-busy");
    if (!result) {
      replaceChildren(out, h("p", { class: "placeholder" }, "Explain failed; see the error above."));
      return;
    }
    const member = result.member === true;
    const pre = h("pre", { class: "explain-text", tabindex: "0", "aria-label": "Explanation" },
      explainSegments(result.text || "").map((segs, i) => [
        i > 0 ? "\n" : null,
        segs.map((seg) => seg.truth ? h("span", { class: `truth-${seg.truth}` }, seg.text) : seg.text),
      ]));
    replaceChildren(out,
      h("p", { class: "verdict" },
        h("span", {
          class: `badge ${member ? "badge-yes" : "badge-no"}`,
          "data-testid": "explain-badge",
          "data-member": String(member),
        }, member ? "member" : "not a member"),
        " ",
        h("span", null, member ? `${device} is returned by the rule.` : `${device} is not returned by the rule.`)),
      pre);
  }
}
