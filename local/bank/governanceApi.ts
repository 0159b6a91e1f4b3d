// Client for a bank's governance API: members and proposals, queueing a proposal or an approval, and following an
// action to its final result (pending and submitted are polled; confirmed and failed are final).
import type { GovernanceActionView } from "../../lib/governance/getGovernanceAction.js";
import type { MemberView, ProposalView } from "../../lib/governance/listGovernance.js";
import type { ConsortiumBank } from "./consortium.js";
import { getJson } from "./readApi.js";

/** How often and how long an action is followed. */
const POLL_EVERY_IN_MS = 500;
const WAIT_AT_MOST_IN_MS = 120_000;

/** `GET /api/governance/members`. */
export function fetchMembers(bank: ConsortiumBank, signal?: AbortSignal) {
  return read<{ blockNumber: number; required: number; members: MemberView[] }>(bank, "members", signal);
}

/** `GET /api/governance/proposals`. */
export function fetchProposals(bank: ConsortiumBank, signal?: AbortSignal) {
  return read<{ blockNumber: number; proposalCount: number; proposals: ProposalView[] }>(bank, "proposals", signal);
}

function read<T>(bank: ConsortiumBank, route: string, signal: AbortSignal | undefined): Promise<T> {
  return getJson(bank, `/api/governance/${route}`, { notFound: noApi(bank), signal }) as Promise<T>;
}

function noApi(bank: ConsortiumBank): string {
  return `${bank.name} has no governance API: is its app older than governance?`;
}

/** `POST /api/governance/proposals` or `…/{id}/approve`; resolves with the queued action's id. */
export async function queueAction(
  bank: ConsortiumBank,
  request: { action: "add" | "remove"; account: string } | { approve: string },
  signal?: AbortSignal,
): Promise<string> {
  const queued =
    "approve" in request
      ? await getJson(bank, `/api/governance/proposals/${encodeURIComponent(request.approve)}/approve`, {
          notFound: `there is no proposal ${request.approve}`,
          signal,
          method: "POST",
        })
      : await getJson(bank, "/api/governance/proposals", {
          notFound: noApi(bank),
          signal,
          method: "POST",
          body: JSON.stringify(request),
        });
  return (queued as { actionId: string }).actionId;
}

/** Polls `GET /api/governance/actions/{actionId}` until the action is confirmed or failed (or the wait ends). */
export async function waitForAction(
  bank: ConsortiumBank,
  actionId: string,
  signal?: AbortSignal,
): Promise<GovernanceActionView> {
  const deadline = Date.now() + WAIT_AT_MOST_IN_MS;
  for (;;) {
    const path = `/api/governance/actions/${encodeURIComponent(actionId)}`;
    const view = (await getJson(bank, path, { notFound: `no action ${actionId}`, signal })) as GovernanceActionView;
    if (view.status === "confirmed" || view.status === "failed" || Date.now() > deadline) return view;
    await new Promise((r) => setTimeout(r, POLL_EVERY_IN_MS));
  }
}
