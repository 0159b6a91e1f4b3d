// The consortium's public validator registry (infra/consortium/validators.json) and the artefacts derived from
// it: genesis.json and static-nodes.json. Each member publishes only public keys and addresses.
import { getAddress } from "ethers";
import { enodeUrl, identityFromPublicKey } from "./enode.js";
import { buildQbftGenesis, type QbftGenesis } from "./genesis.js";

/** One validator of a member, by index (the blob-lease and Key Vault secret index). */
export interface ConsortiumValidator {
  index: number;
  publicKey: string;
  address: string;
}

/** A consortium member and its validators. */
export interface ConsortiumMember {
  name: string;
  validators: ConsortiumValidator[];
  /** True for a member admitted by validator votes after the chain started: not in genesis, only in static nodes. */
  joinedAfterGenesis?: boolean;
}

/** The content of validators.json. */
export interface Consortium {
  chainId: number;
  /** Suffix of every member's validator DNS zone, e.g. poa.internal → val-0.bank-a.poa.internal. */
  dnsSuffix: string;
  members: ConsortiumMember[];
}

const MEMBER_NAME = /^[a-z0-9][a-z0-9-]{1,11}$/;

/** Validates validators.json; every problem is reported in one error. */
export function parseConsortium(value: unknown): Consortium {
  const consortium = value as Consortium;
  const problems: string[] = [];
  if (!Number.isSafeInteger(consortium?.chainId) || consortium.chainId <= 0) problems.push("chainId must be positive");
  if (typeof consortium?.dnsSuffix !== "string" || !/^[a-z0-9.-]+$/.test(consortium.dnsSuffix)) {
    problems.push("dnsSuffix must be a DNS suffix");
  }
  if (!Array.isArray(consortium?.members) || consortium.members.length === 0) problems.push("members is empty");
  const seen = new Set<string>();
  for (const member of consortium?.members ?? []) {
    if (!MEMBER_NAME.test(member.name ?? "")) problems.push(`member name ${String(member.name)} is invalid`);
    (member.validators ?? []).forEach((validator, position) => {
      const where = `${member.name} validator ${position}`;
      if (validator.index !== position) problems.push(`${where}: index must be ${position}`);
      try {
        const derived = identityFromPublicKey(validator.publicKey);
        if (derived.address !== getAddress(validator.address)) problems.push(`${where}: address does not match key`);
        if (seen.has(derived.address)) problems.push(`${where}: address ${derived.address} appears twice`);
        seen.add(derived.address);
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
      }
    });
  }
  if (problems.length > 0) throw new Error(`invalid consortium: ${problems.join("; ")}`);
  return consortium;
}

/** The genesis of the consortium's chain, with the validators of every founding member. */
export function consortiumGenesis(consortium: Consortium): QbftGenesis {
  const founders = consortium.members.filter((member) => member.joinedAfterGenesis !== true);
  const validators = founders.flatMap((member) => member.validators.map((v) => v.address));
  return buildQbftGenesis({ chainId: consortium.chainId, validators });
}

/** The static-nodes list: every validator by its stable DNS name, val-<i>.<member>.<dnsSuffix>. */
export function consortiumStaticNodes(consortium: Consortium): string[] {
  return consortium.members.flatMap((member) =>
    member.validators.map((v) => enodeUrl(v.publicKey, `val-${v.index}.${member.name}.${consortium.dnsSuffix}`)),
  );
}
