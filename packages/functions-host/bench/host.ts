// `npm run bench:host`: the host stand-in's throughput on the fixture app with persistence on — simple HTTP
// invocations per second (load generated from a worker thread over keep-alive sockets), a 1,000-activity
// fan-out/fan-in and a 100-step sequential orchestration. Targets on 2 cores: ≥ 2,000 req/s, < 2 s, < 1 s.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { startHost } from "../src/host.js";

const LOAD_SECONDS = 4;
const CONNECTIONS = 16;

const loadGenerator = `
const http = require("node:http");
const { workerData, parentPort } = require("node:worker_threads");
const agent = new http.Agent({ keepAlive: true, maxSockets: workerData.connections });
let done = 0, failed = 0;
const until = Date.now() + workerData.seconds * 1000;
function one() {
  if (Date.now() >= until) return Promise.resolve();
  return new Promise((resolve) => {
    const req = http.get(workerData.url, { agent }, (res) => {
      res.resume();
      res.on("end", () => { if (res.statusCode === 200) done++; else failed++; resolve(); });
    });
    req.on("error", () => { failed++; resolve(); });
  }).then(one);
}
Promise.all(Array.from({ length: workerData.connections }, one)).then(() => parentPort.postMessage({ done, failed }));
`;

function runLoad(url: string): Promise<{ done: number; failed: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(loadGenerator, {
      eval: true,
      workerData: { url, seconds: LOAD_SECONDS, connections: CONNECTIONS },
    });
    worker.once("message", (result: { done: number; failed: number }) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once("error", reject);
  });
}

async function timeOrchestration(
  host: Awaited<ReturnType<typeof startHost>>,
  name: string,
  input: number,
): Promise<number> {
  const started = performance.now();
  const id = await host.durable.startNew(name, { input });
  const status = await host.durable.waitForCompletion(id, 60_000);
  if (status.runtimeStatus !== "Completed")
    throw new Error(`${name} ended ${status.runtimeStatus}: ${JSON.stringify(status.output)}`);
  return performance.now() - started;
}

const dataDir = mkdtempSync(join(tmpdir(), "host-bench-"));
const host = await startHost({
  appDir: fileURLToPath(new URL("../test/fixtures/hostApp", import.meta.url)),
  port: 0,
  dataDir,
  logLevel: "warning",
  logInvocations: false,
  settings: { "AzureWebJobs.tick.Disabled": "true", "AzureWebJobs.hourly.Disabled": "true" },
});
try {
  await timeOrchestration(host, "steps", 5);
  const load = await runLoad(`${host.url}/api/hello/bench`);
  const fanOutMs = await timeOrchestration(host, "fanOut", 1000);
  const stepsMs = await timeOrchestration(host, "steps", 100);
  const rate = Math.round(load.done / LOAD_SECONDS);
  const [oneMinute = 0] = loadavg();
  console.log(
    `machine: ${cpus().length} cores, load average ${oneMinute.toFixed(2)} (numbers drop when others share the cores)`,
  );
  console.log(`HTTP invocations/s: ${rate} (${load.failed} failed)   target >= 2000   ${rate >= 2000 ? "OK" : "MISS"}`);
  console.log(
    `fan-out/fan-in of 1,000 activities: ${Math.round(fanOutMs)} ms   target < 2000 ms   ${fanOutMs < 2000 ? "OK" : "MISS"}`,
  );
  console.log(
    `100 sequential steps (persisted): ${Math.round(stepsMs)} ms   target < 1000 ms   ${stepsMs < 1000 ? "OK" : "MISS"}`,
  );
} finally {
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
