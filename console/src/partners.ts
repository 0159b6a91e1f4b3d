// The partners section: each subscription with its deliveries of the last 30 minutes, exhausted deliveries kept
// for replay, last error and disabled reason; replay and re-enable through the existing admin API (operator and
// admin keys: a reader's key gets the bank's 401/403, shown as such).
import type { PartnerLine } from "../../lib/console/getPartnersView.js";
import { api } from "./api.js";
import { fillTable, h, part, short, since } from "./dom.js";

/** Renders the section on each refresh. */
export function partnersSection(section: HTMLElement, refresh: () => void): () => Promise<void> {
  const notice = part(section, "notice");
  const act = (what: string, call: () => Promise<unknown>) => async () => {
    notice.className = "notice";
    notice.textContent = `${what}…`;
    try {
      await call();
      notice.textContent = `${what}: done`;
      refresh();
    } catch (error) {
      notice.className = "error";
      notice.textContent = `${what}: ${error instanceof Error ? error.message : String(error)}`;
    }
  };
  return async () => {
    const { partners } = await api<{ partners: PartnerLine[] }>("status/partners");
    fillTable(
      part(section, "table", "partners"),
      ["subscription", "url", "state", "delivered", "failing", "exhausted", "kept for replay", "last error", ""],
      partners.map(({ subscription: s, recent, lastError, exhausted }) => {
        const id = encodeURIComponent(s.id);
        const replay = act(`replay failed deliveries of ${s.id}`, () =>
          api(`subscriptions/${id}/replay`, { method: "POST", body: { onlyFailed: true } }),
        );
        const enable = act(`re-enable ${s.id}`, () =>
          api(`subscriptions/${id}`, { method: "PATCH", body: { state: "active" } }),
        );
        const state =
          s.state === "active"
            ? h(
                "span",
                { class: s.failingSince ? "warn" : "ok" },
                s.failingSince ? `failing since ${since(s.failingSince)}` : "active",
              )
            : h("span", { class: "error", title: s.disabledReason ?? "" }, `disabled: ${s.disabledReason ?? ""}`);
        return [
          short(s.id),
          s.url,
          state,
          recent["delivered"] ?? 0,
          recent["failing"] ?? 0,
          recent["exhausted"] ?? 0,
          `${exhausted.count}${exhausted.capped ? "+" : ""}`,
          lastError ?? "",
          h(
            "span",
            {},
            h("button", { onclick: replay, "data-action": "replay" }, "replay failed"),
            s.state === "disabled" ? h("button", { onclick: enable, "data-action": "enable" }, "re-enable") : null,
          ),
        ];
      }),
    );
  };
}
