// The consortium section: endpoints (height, lag, peers, latency, last seen), block time, blocks, transactions
// and records per minute, and members with their names where the governance API knows them.
import type { ConsortiumView } from "../../lib/console/getConsortiumView.js";
import { api } from "./api.js";
import { minuteChart } from "./charts.js";
import { duration, fillTable, fillTiles, h, part, short, since } from "./dom.js";
import type { MemberView } from "./governance.js";

/** Renders the section on each refresh. */
export function consortiumSection(section: HTMLElement): (members: MemberView[] | null) => Promise<void> {
  const chart = minuteChart(part(section, "chart"), ["transactions/min", "records/min", "blocks/min"]);
  return async (named) => {
    const view = await api<ConsortiumView>("status/consortium");
    const live = view.endpoints.filter((e) => e.ok).length;
    fillTiles(part(section, "tiles"), [
      ["head block", view.highestBlock],
      ["block time", view.blockTimeInSeconds === null ? null : `${view.blockTimeInSeconds} s`],
      ["endpoints up", `${live} / ${view.endpoints.length}`],
      ["tx (30 min)", view.minutes.reduce((sum, m) => sum + m.transactions, 0)],
      ["records (30 min)", view.minutes.reduce((sum, m) => sum + m.records, 0)],
      ["members", view.members.length],
    ]);
    chart.update(
      view.minutes.map((m) => m.at),
      [view.minutes.map((m) => m.transactions), view.minutes.map((m) => m.records), view.minutes.map((m) => m.blocks)],
    );
    fillTable(
      part(section, "table", "endpoints"),
      ["endpoint", "height", "lag", "peers", "latency", "last seen", "state"],
      view.endpoints.map((e) => [
        e.url,
        e.blockNumber,
        e.lagInBlocks,
        e.peers,
        duration(e.latencyInMs),
        since(e.lastSeenAt),
        e.problems.length === 0
          ? h("span", { class: "ok" }, "ok")
          : h("span", { class: "error" }, e.problems.join("; ")),
      ]),
    );
    const names = new Map((named ?? []).map((m) => [m.address.toLowerCase(), m]));
    fillTable(
      part(section, "table", "members"),
      ["member", "name"],
      view.members.map((address) => {
        const member = names.get(address.toLowerCase());
        return [short(address), member ? `${member.name ?? ""}${member.isSelf ? " (this bank)" : ""}` : ""];
      }),
    );
    part(section, "error").textContent = view.errors.join("; ");
  };
}
