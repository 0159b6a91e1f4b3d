// CLI: regenerates infra/consortium/genesis.json and static-nodes.json from validators.json, or with --check
// fails when the committed files differ from what validators.json implies.
//   npx tsx infra/tools/consortium/generate.ts [--check]
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { consortiumGenesis, consortiumStaticNodes, parseConsortium } from "./consortium.js";

const directory = fileURLToPath(new URL("../../consortium/", import.meta.url));

/** The committed artefacts as they must read, keyed by file name. */
export function expectedArtefacts(validatorsJson: string): Record<string, string> {
  const consortium = parseConsortium(JSON.parse(validatorsJson));
  return {
    "genesis.json": `${JSON.stringify(consortiumGenesis(consortium), null, 2)}\n`,
    "static-nodes.json": `${JSON.stringify(consortiumStaticNodes(consortium), null, 2)}\n`,
  };
}

function main(check: boolean): number {
  const artefacts = expectedArtefacts(readFileSync(`${directory}validators.json`, "utf8"));
  let stale = 0;
  for (const [name, content] of Object.entries(artefacts)) {
    if (!check) writeFileSync(`${directory}${name}`, content);
    else if (readFileSync(`${directory}${name}`, "utf8") !== content) {
      console.error(`infra/consortium/${name} is stale: run npx tsx infra/tools/consortium/generate.ts`);
      stale += 1;
    }
  }
  return stale === 0 ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.includes("--check"));
