// CLI for a member's key ceremony: generates N validator node keys into files readable only by the caller,
// prints the public entries for validators.json and the commands that upload each key to the node-key vault
// from its file (never as a command-line value). Run it on the ceremony workstation, then shred the directory.
//   npx tsx infra/tools/consortium/keygen.ts <member> <count> <output-directory> <node-key-vault-name>
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Wallet } from "ethers";
import { identityFromNodeKey } from "./enode.js";
import type { ConsortiumMember } from "./consortium.js";

/** What a key ceremony produced: the public registry entry and the upload commands. */
export interface MemberKeys {
  entry: ConsortiumMember;
  uploadCommands: string[];
}

/** Name of the Key Vault secret holding validator <index>'s node key, as besu-identity.sh reads it. */
export function nodeKeySecretName(member: string, index: number): string {
  return `besu-${member}-validator-${index}-nodekey`;
}

/** Writes `count` fresh node keys to <directory>/validator-<i>.key (mode 0600) and describes them. */
export function generateMemberKeys(member: string, count: number, directory: string, vaultName: string): MemberKeys {
  if (!/^[a-z0-9][a-z0-9-]{1,11}$/.test(member)) throw new Error(`invalid member name ${member}`);
  if (!Number.isInteger(count) || count < 1 || count > 15) throw new Error("a member runs 1 to 15 validators");
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const entry: ConsortiumMember = { name: member, validators: [] };
  const uploadCommands: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const nodeKey = Wallet.createRandom().privateKey;
    const file = join(directory, `validator-${index}.key`);
    writeFileSync(file, nodeKey.slice(2), { mode: 0o600 });
    entry.validators.push({ index, ...identityFromNodeKey(nodeKey) });
    uploadCommands.push(
      `az keyvault secret set --vault-name ${vaultName} --name ${nodeKeySecretName(member, index)}` +
        ` --file ${file} --content-type application/x-besu-nodekey`,
    );
  }
  return { entry, uploadCommands };
}

function main([member = "", count = "", directory = "", vaultName = ""]: string[]): number {
  if (!directory || !vaultName) {
    console.error("usage: keygen.ts <member> <count 1-15> <output-directory> <node-key-vault-name>");
    return 64;
  }
  const { entry, uploadCommands } = generateMemberKeys(member, Number(count), directory, vaultName);
  console.log(uploadCommands.join("\n"));
  console.log(`\nAdd to infra/consortium/validators.json members:\n${JSON.stringify(entry, null, 2)}`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
