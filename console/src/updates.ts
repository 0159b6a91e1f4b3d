// The updates section: an update's timeline by id (GET /api/updates/{id}), and a subject's records across banks
// (POST /api/records/search: the subject travels in the body, never in a URL, and the form is cleared of the id
// once answered).
import type { TimelineEvent } from "../../lib/domain/statusTimeline.js";
import type { SubjectRecordView } from "../../lib/readApi/getSubjectRecords.js";
import { api } from "./api.js";
import { fillTable, h, part, short } from "./dom.js";

/** Wires the two forms. */
export function updatesSection(section: HTMLElement): void {
  const timelineForm = part<HTMLFormElement>(section, "form", "timeline");
  const subjectForm = part<HTMLFormElement>(section, "form", "subject");
  const timelineOut = part(section, "result", "timeline");
  const subjectOut = part(section, "result", "subject");
  timelineForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const updateId = String(new FormData(timelineForm).get("updateId") ?? "").trim();
    void show(timelineOut, async () => {
      const found = await api<{ status: string; timeline: TimelineEvent[] }>(`updates/${encodeURIComponent(updateId)}`);
      const table = h("table");
      fillTable(
        table,
        ["status", "at", "tx", "nonce", "block", "reason"],
        found.timeline.map((e) => [e.status, e.at, e.txHash ? short(e.txHash) : "", e.nonce, e.blockNumber, e.reason]),
      );
      return [h("p", {}, `${updateId}: `, h("b", {}, found.status)), table];
    });
  });
  subjectForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = new FormData(subjectForm);
    const subject = Object.fromEntries(["scheme", "country", "id"].map((k) => [k, String(form.get(k) ?? "").trim()]));
    void show(subjectOut, async () => {
      const found = await api<{ subjectKey: string; records: SubjectRecordView[] }>("records/search", {
        method: "POST",
        body: subject,
      });
      const table = h("table");
      fillTable(
        table,
        ["issuer", "score", "model", "as of", "verified"],
        found.records.map((r) => [
          short(r.issuer) as Node,
          r.score,
          r.scoreModel,
          r.asOf,
          r.own ? String(r.commitmentVerified ?? "not found") : "partner",
        ]),
      );
      return [h("p", {}, "subject key ", short(found.subjectKey)), table];
    });
  });
}

async function show(out: HTMLElement, load: () => Promise<Node[]>): Promise<void> {
  out.replaceChildren(h("p", { class: "muted" }, "…"));
  try {
    out.replaceChildren(...(await load()));
  } catch (error) {
    out.replaceChildren(h("p", { class: "error" }, error instanceof Error ? error.message : String(error)));
  }
}
