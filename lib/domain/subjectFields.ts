// The subject named by a request's fields (a read API query, an erasure's JSON body): scheme, country and id checked
// and normalised, or one error per field that names it. Never echoes the id (personal data) in an error.
import { SUBJECT_SCHEMES } from "./creditUpdateSchema.js";
import { normaliseSubject, type Subject } from "./subject.js";

/** The subject in `fields`, or the problems with them. */
export function parseSubjectFields(
  fields: Readonly<Record<string, unknown>>,
): { ok: true; subject: Subject } | { ok: false; errors: string[] } {
  const text = (name: string): string | undefined => {
    const value = fields[name];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const [scheme, country, id] = [text("scheme"), text("country"), text("id")];
  const errors: string[] = [];
  if (!scheme || !(SUBJECT_SCHEMES as readonly string[]).includes(scheme)) {
    errors.push(`scheme must be one of ${SUBJECT_SCHEMES.join(", ")}`);
  }
  if (!country || !/^[A-Za-z]{2}$/.test(country)) errors.push("country must be an ISO 3166-1 alpha-2 code");
  if (!id) errors.push("id is required");
  if (errors.length > 0) return { ok: false, errors };
  const normalised = normaliseSubject({ scheme: scheme as Subject["scheme"], country: country ?? "", id: id ?? "" });
  return normalised.ok
    ? { ok: true, subject: normalised.subject }
    : { ok: false, errors: [`id ${normalised.idError}`] };
}
