// Recognises the subject ids a soak sent, in the forms they could take on chain (as sent, upper-cased, separators
// removed), so the chain scan can say whether any personal data got there. Ids shorter than six characters are left
// out: four or five printable bytes turn up by chance in random 32-byte hashes.
import type { SubjectIdFinder } from "./chainView.js";
import type { SentMessage } from "./loadGenerator.js";

const MIN_LENGTH = 6;
const MAX_LENGTH = 64;

/** A finder for every subject id in the messages sent. */
export function subjectIdFinder(sent: readonly SentMessage[]): SubjectIdFinder {
  const ids = new Set<string>();
  for (const { message } of sent) {
    const id = (message.body as { subject?: { id?: unknown } } | null)?.subject?.id;
    if (typeof id !== "string") continue;
    for (const form of [id, id.toUpperCase(), id.replace(/[\s./-]/g, ""), id.replace(/[\s./-]/g, "").toUpperCase()]) {
      if (form.length >= MIN_LENGTH) ids.add(form);
    }
  }
  return (text) => {
    for (let start = 0; start + MIN_LENGTH <= text.length; start++) {
      for (let length = MIN_LENGTH; length <= MAX_LENGTH && start + length <= text.length; length++) {
        const candidate = text.slice(start, start + length);
        if (ids.has(candidate)) return candidate;
      }
    }
    return undefined;
  };
}
