// Hands the governance use cases their dependencies from the process services, the way submissionDeps.ts and distributionDeps.ts do for the others.
import type { GovernanceActionDeps } from "../governance/getGovernanceAction.js";
import type { GovernanceReadDeps } from "../governance/listGovernance.js";
import type { GovernanceRequestDeps } from "../governance/requestGovernanceAction.js";
import type { Services } from "./services.js";

/** For the governance reads (`GET /api/governance/members`, `…/proposals`). */
export function governanceReadDeps(s: Services): GovernanceReadDeps {
  return { ledger: s.ledger, ownAddress: s.ownAddress, settings: s.config.governance };
}

/** For proposing and approving (queued for the submitter as outbox entries). */
export function governanceRequestDeps(s: Services): GovernanceRequestDeps {
  return { outbox: s.outbox, ledger: s.ledger, clock: s.clock, random: s.random };
}

/** For `GET /api/governance/actions/{actionId}`. */
export function governanceActionDeps(s: Services): GovernanceActionDeps {
  return { outbox: s.outbox, ledger: s.ledger, ownAddress: s.ownAddress };
}
