// Renders the validator cloud-config exactly as validators.bicep does (replace each double-underscore placeholder) and
// checks the template and the Bicep agree on the placeholder set and that the result fits VM custom data.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

/** Azure's limit on VM custom data before base64 encoding, in bytes. */
export const CUSTOM_DATA_LIMIT_IN_BYTES = 65_535;

const PLACEHOLDER = /__([A-Z][A-Z0-9_]*)__/g;

/** The placeholder names a template uses, sorted and distinct. */
export function cloudInitPlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ""))].sort();
}

/** Replaces each placeholder with values[NAME]; throws when a placeholder has no value. */
export function renderCloudInit(template: string, values: Readonly<Record<string, string>>): string {
  const missing = cloudInitPlaceholders(template).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new Error(`no value for placeholders ${missing.join(", ")}`);
  return template.replace(PLACEHOLDER, (_match, name: string) => values[name] ?? "");
}

/** Outcome of `cloud-init schema`: valid, or the tool's complaint. */
export type SchemaResult = { valid: true } | { valid: false; output: string };

/** Validates cloud-config text with Debian's `cloud-init schema --config-file`. */
export async function validateCloudConfig(content: string): Promise<SchemaResult> {
  const directory = await mkdtemp(join(tmpdir(), "cloud-init-"));
  const file = join(directory, "user-data.yaml");
  try {
    await writeFile(file, content);
    await promisify(execFile)("cloud-init", ["schema", "--config-file", file], { timeout: 60_000 });
    return { valid: true };
  } catch (error) {
    const failure = error as { code?: unknown; stdout?: string; stderr?: string };
    if (failure.code === "ENOENT")
      throw new Error("cloud-init is not installed (apt-get install -y cloud-init)", { cause: error });
    return { valid: false, output: `${failure.stdout ?? ""}${failure.stderr ?? ""}`.trim() };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
