// `npm run bench:gas`: gas per record of CreditRegistry.upsertBatch for batch sizes 1–500, new, updated and stale
// records, measured on a private anvil, and how many records fit in a 30M-gas block. Prints a table.
import { hexlify, randomBytes, type Contract } from "ethers";
import { BATCH_GAS } from "../lib/adapters/evm/batchPlanner.js";
import type { RecordInput } from "../lib/domain/ledgerTypes.js";
import { scoreModelBytes16, updateIdHash } from "../lib/domain/recordInput.js";
import { startAnvil } from "../local/anvil.js";
import { FREE, ownRegistry } from "./ownRegistry.js";

const SIZES = [1, 10, 50, 100, 200, 300, 500];
const BLOCK_GAS = 30_000_000n;

function records(subjects: string[], asOf: bigint): RecordInput[] {
  return subjects.map((subjectKey, i) => ({
    subjectKey,
    score: 300 + (i % 500),
    scoreModel: scoreModelBytes16("FICO8"),
    asOf,
    recordHash: hexlify(randomBytes(32)),
    updateId: updateIdHash(`bench-${asOf}-${i}`),
  }));
}

async function gasOf(registry: Contract, batch: RecordInput[]): Promise<bigint> {
  const tx = await registry.getFunction("upsertBatch")(batch, { ...FREE, gasLimit: 29_000_000n });
  const receipt = await tx.wait();
  if (!receipt || receipt.status !== 1) throw new Error("batch failed");
  return receipt.gasUsed as bigint;
}

async function main(): Promise<void> {
  const anvil = await startAnvil({ blockTimeInSeconds: 0, gasLimit: 100_000_000 });
  try {
    const { registry } = await ownRegistry(anvil.rpcUrl, 10);
    const rows: { size: number; kind: string; gas: bigint }[] = [];
    for (const size of SIZES) {
      const subjects = Array.from({ length: size }, () => hexlify(randomBytes(32)));
      rows.push({ size, kind: "new", gas: await gasOf(registry, records(subjects, 1_000n)) });
      rows.push({ size, kind: "updated", gas: await gasOf(registry, records(subjects, 2_000n)) });
      rows.push({ size, kind: "stale", gas: await gasOf(registry, records(subjects, 1_500n)) });
    }
    console.log("batch  kind      gas used     gas/record  marginal/record  records per 30M block");
    for (const kind of ["new", "updated", "stale"]) {
      const series = rows.filter((r) => r.kind === kind);
      const small = series[0];
      for (const row of series) {
        const marginal = small && row.size > 1 ? Number(row.gas - small.gas) / (row.size - 1) : Number.NaN;
        const fixed = small ? Number(small.gas) - marginal : Number.NaN;
        const perBlock = Number.isFinite(marginal) ? Math.floor((Number(BLOCK_GAS) - fixed) / marginal) : Number.NaN;
        console.log(
          `${String(row.size).padStart(5)}  ${kind.padEnd(8)} ${String(row.gas).padStart(10)}  ${(
            Number(row.gas) / row.size
          )
            .toFixed(0)
            .padStart(
              10,
            )}  ${Number.isFinite(marginal) ? marginal.toFixed(0).padStart(15) : "              -"}  ${Number.isFinite(perBlock) ? String(perBlock).padStart(21) : "                    -"}`,
        );
      }
    }
    const largestNew = rows.filter((r) => r.kind === "new").at(-1);
    if (largestNew) {
      const perRecord = Number(largestNew.gas) / largestNew.size;
      console.log(
        `\nplanner budget per record ${BATCH_GAS.perRecordGas} gas vs measured ${perRecord.toFixed(0)} for new records ` +
          `(headroom ×${(Number(BATCH_GAS.perRecordGas) / perRecord).toFixed(2)})`,
      );
    }
  } finally {
    await anvil.stop();
  }
}

await main();
