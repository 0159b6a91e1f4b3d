// `POST /api/records/search` (the subject in the body) and `GET /api/records?scheme=&country=&id=` (kept for
// existing callers; request telemetry records URLs, so the body form is the one to use): every bank's record for a
// subject, read from the chain through our node, with whether our own record's commitment verifies against the
// outbox copy (found through the record index).
// The subject (personal data) is only hashed here; the answer carries the subject key, never the subject.
import type { OutboxReader } from "../ports/outbox.js";
import type { RecordIndex } from "../ports/distribution.js";
import { verifyRecordCommitment } from "../domain/commitment.js";
import type { OnChainRecord } from "../domain/ledgerTypes.js";
import { scoreModelText } from "../domain/recordInput.js";
import { subjectKey } from "../domain/subject.js";
import { parseSubjectFields } from "../domain/subjectFields.js";
import { unknownFields } from "../domain/unknownFields.js";
import type { Ledger } from "../ports/ledger.js";

/** What the records query needs. */
export interface SubjectRecordsDeps {
  ledger: Pick<Ledger, "getRecords">;
  index: RecordIndex;
  outbox: OutboxReader;
  ownAddress: string;
  subjectKeySecret: Uint8Array;
}

/** One bank's record as the API shows it. */
export interface SubjectRecordView {
  issuer: string;
  own: boolean;
  score: number;
  scoreModel: string;
  asOf: string;
  recordHash: string;
  /** Own records: whether our stored record and salt hash to the on-chain commitment (null: not found). */
  commitmentVerified?: boolean | null;
}

/** The subject of a search body: exactly `{scheme, country, id}`, each a string. */
export function subjectQueryOf(
  body: unknown,
): { ok: true; query: Record<string, string> } | { ok: false; errors: string[] } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, errors: ["the body must be a JSON object {scheme, country, id}"] };
  }
  const fields = body as Record<string, unknown>;
  const errors = unknownFields(fields, SUBJECT_FIELDS, "");
  for (const name of SUBJECT_FIELDS) {
    if (fields[name] !== undefined && typeof fields[name] !== "string") errors.push(`${name} must be a string`);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, query: fields as Record<string, string> };
}

const SUBJECT_FIELDS = ["scheme", "country", "id"] as const;

/** The records of the subject in `query`, or the query's problems. */
export async function getSubjectRecords(
  deps: SubjectRecordsDeps,
  query: Readonly<Record<string, string | undefined>>,
): Promise<{ ok: true; subjectKey: string; records: SubjectRecordView[] } | { ok: false; errors: string[] }> {
  const parsed = parseSubjectFields(query);
  if (!parsed.ok) return parsed;
  const key = subjectKey(parsed.subject, deps.subjectKeySecret);
  const onChain = await deps.ledger.getRecords(key);
  const records = await Promise.all(onChain.map((found) => view(deps, key, found)));
  return { ok: true, subjectKey: key, records };
}

async function view(
  deps: SubjectRecordsDeps,
  key: string,
  { issuer, record }: { issuer: string; record: OnChainRecord },
): Promise<SubjectRecordView> {
  const own = issuer.toLowerCase() === deps.ownAddress.toLowerCase();
  const shown: SubjectRecordView = {
    issuer,
    own,
    score: record.score,
    scoreModel: scoreModelText(record.scoreModel),
    asOf: new Date(Number(record.asOf)).toISOString(),
    recordHash: record.recordHash,
  };
  if (!own) return shown;
  const event = await deps.index.latest(key, issuer);
  const entry = event ? await deps.outbox.byUpdateIdHash(event.updateId) : null;
  shown.commitmentVerified =
    entry?.record && entry.salt !== null ? verifyRecordCommitment(entry.record, entry.salt, record.recordHash) : null;
  return shown;
}
