// Settings of consortium governance (CONSORTIUM_MEMBER_NAMES), read by lib/config.ts's loadConfig through its
// SettingsReader, so a problem is reported with every other one. Optional: without names, members are addresses.
import type { SettingsReader } from "./configReader.js";
import { parseAccountAddress } from "../domain/accountAddress.js";

/** Governance settings. */
export interface GovernanceConfig {
  /** Display names of consortium members by lower-case address (`0x…=bank-a,0x…=bank-b`). */
  memberNames: ReadonlyMap<string, string>;
}

/** The most characters of one member name. */
const MAX_NAME_LENGTH = 64;

/** Reads the governance settings. */
export function readGovernanceConfig(read: SettingsReader): GovernanceConfig {
  const memberNames = new Map<string, string>();
  for (const pair of (read.optional("CONSORTIUM_MEMBER_NAMES") ?? "").split(",").filter((p) => p.trim() !== "")) {
    const [address = "", name = "", ...rest] = pair.split("=").map((part) => part.trim());
    const parsed = parseAccountAddress(address, "address");
    if (!parsed.ok || name === "" || name.length > MAX_NAME_LENGTH || rest.length > 0) {
      read.problems.push(
        `CONSORTIUM_MEMBER_NAMES must be a comma-separated list of 0x-address=name (name ≤ ${MAX_NAME_LENGTH} characters)`,
      );
      break;
    }
    memberNames.set(parsed.address.toLowerCase(), name);
  }
  return { memberNames };
}
