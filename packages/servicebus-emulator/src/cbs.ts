// Claims-based security (`$cbs`): the SDK puts a token before every link attach; valid SAS tokens grant the
// connection access to the signed resource until the token expires, anything else is a 401.
import type { Receiver } from "rhea";
import type { ConnectionState } from "./connectionState.js";
import { CONDITION } from "./errors.js";
import { serveRequests, type Reply } from "./requestReply.js";
import type { DecodedMessage } from "./rheaInternals.js";
import { validateSasToken, type SharedAccessKey } from "./sas.js";

const SAS_TOKEN_TYPE = "servicebus.windows.net:sastoken";

function putToken(request: DecodedMessage, state: ConnectionState, keys: readonly SharedAccessKey[]): Reply {
  const props = request.application_properties ?? {};
  if (props.operation !== "put-token") {
    return { statusCode: 400, statusDescription: `Unsupported operation '${String(props.operation)}'.` };
  }
  if (props.type !== SAS_TOKEN_TYPE || typeof request.body !== "string") {
    return {
      statusCode: 401,
      statusDescription: `The emulator only accepts shared access signatures (token type '${String(props.type)}').`,
      errorCondition: CONDITION.unauthorized,
    };
  }
  const result = validateSasToken(request.body, keys, Date.now());
  if (!result.ok) return { statusCode: 401, statusDescription: result.reason, errorCondition: CONDITION.unauthorized };
  state.grant(result.audience, result.expiresAt);
  return { statusCode: 202, statusDescription: "Accepted" };
}

/** Serves `put-token` requests arriving on a `$cbs` link. */
export function serveCbs(receiver: Receiver, state: ConnectionState, keys: readonly SharedAccessKey[]): void {
  serveRequests(receiver, state, "kebab", (request) => putToken(request, state, keys));
}
