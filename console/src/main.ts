// The console page's entry: takes the key from the address bar, wires the five sections and refreshes the live
// ones every few seconds (never two refreshes at once). A section that fails shows its error and the rest carry on.
import { adoptKey, ApiError } from "./api.js";
import { consortiumSection } from "./consortium.js";
import { governanceSection } from "./governance.js";
import { part } from "./dom.js";
import { partnersSection } from "./partners.js";
import { pipelineSection } from "./pipeline.js";
import { updatesSection } from "./updates.js";

const REFRESH_IN_MS = 3_000;

function section(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`console page: no section ${id}`);
  return found;
}

adoptKey();
let running = false;
let timer: ReturnType<typeof setTimeout> | undefined;
const refreshNow = () => {
  clearTimeout(timer);
  void refresh();
};
const consortium = consortiumSection(section("consortium"));
const pipeline = pipelineSection(section("pipeline"));
const partners = partnersSection(section("partners"), refreshNow);
const governance = governanceSection(section("governance"), refreshNow);
updatesSection(section("updates"));

async function refresh(): Promise<void> {
  if (running) return;
  running = true;
  const banner = document.getElementById("banner");
  const failures: number[] = [];
  const guard = async (id: string, work: () => Promise<unknown>) => {
    const error = part(section(id), "error");
    try {
      await work();
      if (error.dataset["refresh"]) {
        error.textContent = "";
        delete error.dataset["refresh"];
      }
    } catch (e) {
      if (e instanceof ApiError) failures.push(e.status);
      error.textContent = e instanceof Error ? e.message : String(e);
      error.dataset["refresh"] = "1";
    }
  };
  const members = governance();
  await Promise.all([
    guard("consortium", async () => consortium(await members.catch(() => null))),
    guard("pipeline", pipeline),
    guard("partners", partners),
    guard("governance", () => members),
  ]);
  if (banner)
    banner.textContent = failures.includes(401) ? "401: open the console with a key (the URL npm start prints)" : "";
  const refreshed = document.getElementById("refreshed");
  if (refreshed) refreshed.textContent = `updated ${new Date().toLocaleTimeString()}`;
  document.body.dataset["refreshes"] = String(Number(document.body.dataset["refreshes"] ?? 0) + 1);
  running = false;
  timer = setTimeout(refreshNow, REFRESH_IN_MS);
}

refreshNow();
