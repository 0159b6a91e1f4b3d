// The governance section over the bank's governance API: members, open proposals with approvals/required, propose
// adding or removing a member, approve a proposal. Each write answers 202 with an action id; the section follows
// the action (pending → submitted → confirmed | failed) and shows its result. A bank without the API (404) shows so.
import { api, ApiError } from "./api.js";
import { fillTable, h, part, short } from "./dom.js";

/** A member as GET /api/governance/members lists it. */
export interface MemberView {
  address: string;
  name: string | null;
  isSelf: boolean;
}

/** A proposal as GET /api/governance/proposals lists it. */
interface ProposalView {
  id: string | number;
  action: "add" | "remove";
  account: string;
  proposer: string | null;
  approvals: number;
  required: number;
  status: "executed" | "open";
}

/** A governance transaction as GET /api/governance/actions/{id} reports it. */
interface ActionView {
  status: "pending" | "submitted" | "confirmed" | "failed";
  txHash?: string;
  result?: unknown;
  error?: string;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const ACTION_POLL_IN_MS = 1_000;

/** Wires the forms; the returned refresh answers the members (null when the API is not available). */
export function governanceSection(section: HTMLElement, refresh: () => void): () => Promise<MemberView[] | null> {
  const form = part<HTMLFormElement>(section, "form", "propose");
  const status = part(section, "action");
  const error = part(section, "error");
  const follow = (what: string, start: () => Promise<{ actionId: string }>) => {
    error.textContent = "";
    status.textContent = `${what}: sending…`;
    void track(what, start, status, refresh).catch((e: unknown) => {
      status.textContent = "";
      error.textContent = `${what}: ${e instanceof Error ? e.message : String(e)}`;
    });
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const action = String(data.get("action"));
    const account = String(data.get("account") ?? "").trim();
    if (!ADDRESS.test(account)) {
      status.textContent = "";
      error.textContent = `"${account.slice(0, 60)}" is not an address: expected 0x followed by 40 hex digits`;
      return;
    }
    follow(`propose ${action} ${account}`, () =>
      api("governance/proposals", { method: "POST", body: { action, account } }),
    );
  });
  return async () => {
    let members: MemberView[];
    let proposals: ProposalView[];
    try {
      [members, proposals] = await Promise.all([
        api<MemberView[] | { members: MemberView[] }>("governance/members").then((b) =>
          "members" in b ? b.members : b,
        ),
        api<ProposalView[] | { proposals: ProposalView[] }>("governance/proposals").then((b) =>
          "proposals" in b ? b.proposals : b,
        ),
      ]);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        part(section, "unavailable").hidden = false;
        return null;
      }
      throw e;
    }
    part(section, "unavailable").hidden = true;
    const open = proposals.filter((p) => p.status === "open");
    fillTable(
      part(section, "table", "proposals"),
      ["id", "action", "account", "proposer", "approvals", ""],
      open.map((p) => [
        String(p.id),
        p.action,
        short(p.account),
        p.proposer ? short(p.proposer) : "",
        `${p.approvals} / ${p.required}`,
        h(
          "button",
          {
            "data-approve": String(p.id),
            onclick: () =>
              follow(`approve proposal ${p.id}`, () =>
                api(`governance/proposals/${encodeURIComponent(String(p.id))}/approve`, { method: "POST" }),
              ),
          },
          "approve",
        ),
      ]),
    );
    return members;
  };
}

async function track(
  what: string,
  start: () => Promise<{ actionId: string }>,
  status: HTMLElement,
  refresh: () => void,
): Promise<void> {
  const { actionId } = await start();
  for (; ; await new Promise((resolve) => setTimeout(resolve, ACTION_POLL_IN_MS))) {
    const action = await api<ActionView>(`governance/actions/${encodeURIComponent(actionId)}`).catch((e: unknown) => {
      // 503: no node has the receipt yet (the status would be a guess); ask again.
      if (e instanceof ApiError && e.status === 503) return null;
      throw e;
    });
    if (!action) continue;
    const tx = action.txHash ? ` (tx ${action.txHash.slice(0, 10)}…)` : "";
    status.textContent = `${what}: ${action.status}${tx}`;
    status.dataset["status"] = action.status;
    if (action.status === "failed") throw new Error(`failed${tx}: ${action.error ?? "no reason given"}`);
    if (action.status === "confirmed") {
      const result = action.result === undefined ? "" : ` — ${JSON.stringify(action.result)}`;
      status.textContent = `${what}: confirmed${tx}${result}`;
      refresh();
      return;
    }
  }
}
