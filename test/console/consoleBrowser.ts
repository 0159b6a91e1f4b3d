// Drives Debian's Chromium (apt package `chromium`, installed by .ci/run) with playwright-core for the console's
// browser tests: opens a bank's console with a key, waits for refreshes and the numbers the page shows, and saves
// screenshots under test-results/console/ (gitignored; CI keeps them as artifacts).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { APP_ROOT } from "../../local/buildApp.js";

/** Where Debian installs Chromium. */
export const CHROMIUM_PATH = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

/** The screenshots' folder. */
export const SCREENSHOTS = path.join(APP_ROOT, "test-results", "console");

/** Starts a headless Chromium. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
}

/** Opens `hostUrl`'s console with `key`, at a laptop's screen size, and waits for its first refresh. */
export async function openConsole(browser: Browser, hostUrl: string, key: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
  await page.goto(`${hostUrl}/api/console?code=${encodeURIComponent(key)}`);
  await page.locator("body[data-refreshes]").waitFor({ state: "attached", timeout: 30_000 });
  return page;
}

/** The number in the tile labelled `label` of a section (NaN when it shows none). */
export async function tile(page: Page, section: string, label: string): Promise<number> {
  const text = await page.locator(`#${section} .tile`, { hasText: label }).first().locator("b").textContent();
  return Number.parseFloat((text ?? "").replace(/[^0-9.]/g, ""));
}

/** The sum of the values a section's chart plots (its `data-total`). */
export async function chartTotal(page: Page, section: string): Promise<number> {
  return Number(await page.locator(`#${section} [data-chart]`).getAttribute("data-total"));
}

/** Polls `read` until `done` holds for its value, up to `timeoutInMs`; returns the last value. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutInMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
