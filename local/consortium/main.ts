// `npm start`: runs a whole local consortium until Ctrl-C, then stops every process it started; a host or emulator
// that dies meanwhile is restarted with back-off (the status line shows it).
//   npm start [-- --fresh] [--demo] [--banks 3] [--block-time 2] [--gas-limit 30000000] [--hostile-chain]
import path from "node:path";
import { parseArgs } from "node:util";
import { APP_ROOT } from "../buildApp.js";
import { startDemoFeed } from "./demoFeed.js";
import { startConsortium } from "./startConsortium.js";
import { startStatusLine } from "./statusLine.js";

const BANK_NAMES = ["bank-a", "bank-b", "bank-c", "bank-d", "bank-e", "bank-f", "bank-g", "bank-h"];

const { values } = parseArgs({
  options: {
    fresh: { type: "boolean", default: false },
    demo: { type: "boolean", default: false },
    banks: { type: "string", default: "3" },
    "block-time": { type: "string", default: "2" },
    "gas-limit": { type: "string", default: "30000000" },
    "hostile-chain": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(
    "npm start [-- --fresh] [--demo] [--banks N (1-8)] [--block-time SECONDS] [--gas-limit GAS] [--hostile-chain]",
  );
  process.exit(0);
}
const bankCount = Number(values.banks);
if (!Number.isInteger(bankCount) || bankCount < 1 || bankCount > BANK_NAMES.length) {
  console.error(`--banks must be between 1 and ${BANK_NAMES.length}`);
  process.exit(2);
}

const localDir = path.join(APP_ROOT, ".local");
const started = Date.now();
const consortium = await startConsortium({
  localDir,
  banks: BANK_NAMES.slice(0, bankCount),
  blockTimeInSeconds: Number(values["block-time"]),
  gasLimit: Number(values["gas-limit"]),
  fresh: values.fresh,
  hostileChain: values["hostile-chain"],
  say: (message) => console.log(message),
}).catch((error: unknown) => {
  console.error(`could not start the consortium: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

console.log(`\nlocal consortium up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`  chain        ${consortium.file.chain.rpcUrl} (contract ${consortium.file.chain.contractAddress})`);
for (const bank of consortium.file.banks)
  console.log(
    `  ${bank.name.padEnd(12)} ${bank.hostUrl}  ${bank.address}  log ${path.relative(APP_ROOT, bank.logFile)}`,
  );
// The operator key replays; open the console with `adminKey` from consortium.json to re-enable and change.
for (const bank of consortium.file.banks)
  console.log(
    `  ${bank.name.padEnd(12)} console ${bank.hostUrl}/api/console?code=${encodeURIComponent(bank.operatorKey)}`,
  );
console.log(`  details      ${path.relative(APP_ROOT, path.join(localDir, "consortium.json"))}`);
console.log("Ctrl-C stops everything.\n");

const stopStatus = startStatusLine(
  consortium.file,
  consortium.hosts,
  consortium.receivers.delivered,
  consortium.supervision,
);
const stopDemo = values.demo ? startDemoFeed(consortium.file) : async () => {};
if (values.demo)
  console.log(
    `demo: ${consortium.file.banks
      .slice(0, 2)
      .map((b) => b.name)
      .join(" and ")} send 5 updates/s each`,
  );
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    stopStatus();
    console.log("stopping…");
    void stopDemo()
      .then(() => consortium.stop())
      .then(() => process.exit(0));
  });
}
