// Entry point of `npm run bank -- <command>`: wires stdout, stderr and Ctrl-C to the CLI and exits with its code.
// A second Ctrl-C exits at once.
import { runBankCli } from "./bankCli.js";

const interrupt = new AbortController();
process.on("SIGINT", () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});

try {
  process.exitCode = await runBankCli(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: process.stderr,
    signal: interrupt.signal,
  });
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}
