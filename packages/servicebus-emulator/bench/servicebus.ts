// Throughput of the Service Bus emulator with the real @azure/service-bus SDK as client: batch send,
// receiveMessages + complete, and subscribe (auto-complete). The emulator runs in its own process so its CPU
// time can be reported next to the client's. Usage: `npm run bench:servicebus -- [messages]` (default 20 000).
import { ServiceBusClient, type ServiceBusSender } from "@azure/service-bus";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startProcess } from "@creditlink/child-process/childProcess";

const COUNT = Number(process.argv[2] ?? 20_000);
const SEND_CONCURRENCY = 4;
const RECEIVE_BATCH = 500;
const SUBSCRIBE_CONCURRENCY = 100;
const CLOCK_TICKS_PER_SECOND = 100;

function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

function rssInMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/);
  return Math.round(Number(line?.[1] ?? 0) / 1024);
}

async function sendAll(sender: ServiceBusSender, count: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const batch = await sender.createMessageBatch();
      while (
        next < count &&
        batch.tryAddMessage({ body: { updateId: `u-${next}`, score: next % 900 }, messageId: `u-${next}` })
      )
        next++;
      if (batch.count > 0) await sender.sendMessages(batch);
    }
  };
  await Promise.all(Array.from({ length: SEND_CONCURRENCY }, worker));
}

async function measure(label: string, count: number, emulatorPid: number, run: () => Promise<void>): Promise<void> {
  const emulatorBefore = cpuSecondsOf(emulatorPid);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  const emulatorCpu = cpuSecondsOf(emulatorPid) - emulatorBefore;
  const clientUsage = process.cpuUsage(clientBefore);
  const clientCpu = (clientUsage.user + clientUsage.system) / 1e6;
  console.log(
    `${label.padEnd(22)} ${String(Math.round(count / seconds)).padStart(7)} msg/s  (${count} in ${seconds.toFixed(2)} s; ` +
      `emulator CPU ${((emulatorCpu / seconds) * 100).toFixed(0)}% of a core, client ${((clientCpu / seconds) * 100).toFixed(0)}%; ` +
      `emulator share ${((emulatorCpu / (emulatorCpu + clientCpu)) * 100).toFixed(0)}%; CPU per message: emulator ` +
      `${((emulatorCpu / count) * 1e6).toFixed(0)} µs, SDK client ${((clientCpu / count) * 1e6).toFixed(0)} µs; ` +
      `emulator RSS ${rssInMiB(emulatorPid)} MiB)`,
  );
}

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${cpus().length} cores`,
);
const dir = mkdtempSync(join(tmpdir(), "sb-bench-"));
const configPath = join(dir, "config.json");
writeFileSync(
  configPath,
  JSON.stringify({
    UserConfig: { Namespaces: [{ Name: "bench", Queues: [{ Name: "bench", Properties: { LockDuration: "PT1M" } }] }] },
  }),
);
const { process: emulator, match } = await startProcess(
  process.execPath,
  [
    ...(process.env.SB_BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir", process.env.SB_BENCH_PROFILE] : []),
    "--import",
    "tsx",
    fileURLToPath(new URL("../src/cli.ts", import.meta.url)),
    "--port",
    "0",
    "--config",
    configPath,
  ],
  { readyPattern: /^(Endpoint=\S+)$/ },
);
const pid = emulator.child.pid ?? 0;
const client = new ServiceBusClient(match[1] ?? "");
try {
  const sender = client.createSender("bench");
  await sendAll(sender, 500);
  const warm = client.createReceiver("bench", { receiveMode: "receiveAndDelete" });
  for (let got = 0; got < 500;) got += (await warm.receiveMessages(500, { maxWaitTimeInMs: 1000 })).length;

  await measure("send (batches)", COUNT, pid, () => sendAll(sender, COUNT));
  const receiver = client.createReceiver("bench");
  await measure("receive + complete", COUNT, pid, async () => {
    for (let done = 0; done < COUNT;) {
      const messages = await receiver.receiveMessages(RECEIVE_BATCH, { maxWaitTimeInMs: 2000 });
      await Promise.all(messages.map((m) => receiver.completeMessage(m)));
      done += messages.length;
    }
  });
  await sendAll(sender, COUNT);
  const subscriber = client.createReceiver("bench");
  await measure("subscribe (100 conc.)", COUNT, pid, async () => {
    let done = 0;
    await new Promise<void>((resolve, reject) => {
      const sub = subscriber.subscribe(
        {
          processMessage: async () => {
            if (++done === COUNT) void sub.close().then(resolve);
          },
          processError: async (args) => reject(args.error),
        },
        { maxConcurrentCalls: SUBSCRIBE_CONCURRENCY },
      );
    });
  });
} finally {
  await client.close();
  await emulator.stop();
}
