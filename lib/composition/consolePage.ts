// The console page as one document: the HTML built into dist/console/ with its styles and script inlined, and
// uPlot's browser build and styles read from node_modules (so one request, behind the function key or sign-in,
// serves the whole page). Assembled once per process from built files; nothing is compiled at run time. The
// Content-Security-Policy allows exactly these inline blocks (by hash) and requests to this origin.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** The document and the policy to serve it with. */
export interface ConsolePage {
  html: string;
  contentSecurityPolicy: string;
}

let page: Promise<ConsolePage> | undefined;

/** The page, read on first use (a failed read is tried again on the next call). */
export function consolePage(): Promise<ConsolePage> {
  page ??= assemble().catch((error: unknown) => {
    page = undefined;
    throw error;
  });
  return page;
}

async function assemble(): Promise<ConsolePage> {
  const built = (name: string) => readFile(fileURLToPath(new URL(`../../console/${name}`, import.meta.url)), "utf8");
  const uplot = (name: string) => readFile(createRequire(import.meta.url).resolve(`uplot/dist/${name}`), "utf8");
  const [template, css, js, uplotCss, uplotJs] = await Promise.all([
    built("index.html"),
    built("console.css"),
    built("console.js"),
    uplot("uPlot.min.css"),
    uplot("uPlot.iife.min.js"),
  ]);
  const styles = [uplotCss, css];
  const scripts = [uplotJs, js].map((code) => code.replace(/<\/script/gi, "<\\/script"));
  const html = template
    .replace("<!--styles-->", () => styles.map((s) => `<style>${s}</style>`).join(""))
    .replace("<!--scripts-->", () => scripts.map((s) => `<script>${s}</script>`).join(""));
  const hashes = (blocks: string[]) => blocks.map((b) => `'sha256-${createHash("sha256").update(b).digest("base64")}'`);
  const contentSecurityPolicy = [
    "default-src 'none'",
    `script-src ${hashes(scripts).join(" ")}`,
    `style-src ${hashes(styles).join(" ")}`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
  return { html, contentSecurityPolicy };
}
