// Builds the console page into dist/console/ at build time (`npm run build`, and the local stack's build):
// type-checks the page (console/tsconfig.json), bundles console/src/main.ts into one browser script with esbuild
// (uPlot is not bundled: the console trigger serves it from node_modules), and copies the HTML and CSS.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { copyFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(HERE, "../dist/console");

/** Type-checks and builds the page. */
export async function buildConsole(): Promise<void> {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", path.join(HERE, "tsconfig.json")], { stdio: "pipe" });
  await mkdir(OUT, { recursive: true });
  await build({
    entryPoints: [path.join(HERE, "src/main.ts")],
    outfile: path.join(OUT, "console.js"),
    bundle: true,
    format: "iife",
    target: "es2022",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
  });
  await Promise.all(["index.html", "console.css"].map((f) => copyFile(path.join(HERE, f), path.join(OUT, f))));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildConsole();
