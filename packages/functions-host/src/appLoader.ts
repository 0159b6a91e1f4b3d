// Loads a v4 app the way the Node.js worker does: expands `package.json` `main` (globs allowed), imports every
// entry file with a real `import()` (CommonJS and ESM alike, TypeScript through tsx) while capturing what it
// registers. Module caches are per process, so each app folder is loaded once and its registrations reused.
import { readdirSync, readFileSync, existsSync, statSync } from "node:fs";
import { join, resolve, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import {
  captureRegistrations,
  getProgrammingModel,
  installCoreModule,
  newRegistrations,
  type AppRegistrations,
} from "./coreModule.js";

const loaded = new Map<string, Promise<AppRegistrations>>();
// Node's import() from a required CommonJS file: no transpiler or test runner rewrites it into require.
const nativeImport = createRequire(import.meta.url)("./nativeImport.cjs") as (specifier: string) => Promise<unknown>;
let tsxRegistered = false;

/** Loads the app in `appDir` once per process and returns what it registered. */
export function loadApp(appDir: string): Promise<AppRegistrations> {
  const root = resolve(appDir);
  let pending = loaded.get(root);
  if (!pending) {
    pending = importApp(root);
    loaded.set(root, pending);
    pending.catch(() => loaded.delete(root));
  }
  return pending;
}

async function importApp(root: string): Promise<AppRegistrations> {
  installCoreModule();
  const files = entryFiles(root);
  if (files.length === 0) throw new Error(`No entry files match package.json "main" in ${root}`);
  if (files.some((file) => /\.[mc]?ts$/.test(file))) await registerTsx();
  const registrations = newRegistrations();
  const previous = captureRegistrations(registrations);
  try {
    for (const file of files) {
      try {
        await nativeImport(pathToFileURL(file).href);
      } catch (error) {
        throw new Error(`Worker was unable to load entry point "${relative(root, file)}": ${String(error)}`, {
          cause: error,
        });
      }
    }
  } finally {
    captureRegistrations(previous);
  }
  // The worker asks for capabilities once the app is loaded; this also locks `app.setup` as in Azure.
  if (registrations.functions.size > 0) {
    const capabilities = await getProgrammingModel().getCapabilities({});
    registrations.httpStreamUri = capabilities.HttpUri;
  }
  return registrations;
}

async function registerTsx(): Promise<void> {
  if (tsxRegistered) return;
  tsxRegistered = true;
  const api = (await nativeImport("tsx/esm/api")) as { register: () => unknown };
  api.register();
}

/** The files `package.json` `main` names in `root`, globs expanded, sorted for a stable load order. */
export function entryFiles(root: string): string[] {
  const pkgFile = join(root, "package.json");
  const pkg = existsSync(pkgFile) ? (JSON.parse(readFileSync(pkgFile, "utf8")) as { main?: unknown }) : {};
  const main = typeof pkg.main === "string" && pkg.main !== "" ? pkg.main : "index.js";
  const pattern = main.replace(/^\.\//, "");
  if (!/[*?{[]/.test(pattern)) {
    const file = join(root, pattern);
    return existsSync(file) ? [file] : [];
  }
  const matcher = globToRegExp(pattern);
  return walk(root, root)
    .filter((file) => matcher.test(relative(root, file).split(sep).join("/")))
    .sort();
}

/** Converts a glob (`*`, `**`, `?`, `{a,b}`) to an anchored regular expression over `/`-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      source += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else if (char === "{") source += "(?:";
    else if (char === "}") source += ")";
    else if (char === "," && source.includes("(?:")) source += "|";
    else source += char.replace(/[.+^$()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

function walk(dir: string, root: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) files.push(...walk(full, root));
    else files.push(full);
  }
  return files;
}
