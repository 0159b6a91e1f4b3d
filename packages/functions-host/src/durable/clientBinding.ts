// The value of the `durableClient` input binding, shaped as the extension sends it: task hub, creation and
// management URL templates under `/runtime/webhooks/durabletask`, and `rpcBaseUrl`, which the JS client then uses
// for every call. No URL carries a key: callers of the management URLs send the system key as `x-functions-key`,
// and the RPC base URL is the in-process client's own (see HttpKeys.rpcToken).
import type { HttpKeys } from "../httpKeys.js";
import type { HostConfig } from "../settings.js";

/** What the binding URLs are built from. */
export interface ClientBindingOptions {
  baseUrl: string;
  config: HostConfig;
  keys: HttpKeys;
}

/** The binding value for the app's durable client. */
export function clientBinding(options: ClientBindingOptions): Record<string, unknown> {
  const hub = options.config.durableTask.hubName;
  const base = `${options.baseUrl}/runtime/webhooks/durabletask`;
  const query = `taskHub=${encodeURIComponent(hub)}&connection=Storage`;
  const instance = `${base}/instances/INSTANCEID`;
  return {
    taskHubName: hub,
    creationUrls: {
      createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]`,
      createAndWaitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}`,
    },
    managementUrls: {
      id: "INSTANCEID",
      statusQueryGetUri: `${instance}?${query}`,
      sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
      terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
      rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
      purgeHistoryDeleteUri: `${instance}?${query}`,
      restartPostUri: `${instance}/restart?${query}`,
      suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
      resumePostUri: `${instance}/resume?reason={text}&${query}`,
    },
    baseUrl: base,
    requiredQueryStringParameters: "",
    rpcBaseUrl: `${options.baseUrl}${rpcPrefix(options.keys)}`,
  };
}

/** The path under which the in-process Durable client calls the API without a key. */
export function rpcPrefix(keys: Pick<HttpKeys, "rpcToken">): string {
  return `/durabletask/${keys.rpcToken}/`;
}

/** The check-status payload for one instance (what `createCheckStatusResponse` and HTTP starts return). */
export function checkStatusPayload(options: ClientBindingOptions, instanceId: string): Record<string, string> {
  const urls = clientBinding(options).managementUrls as Record<string, string>;
  const fill = (url: string): string => url.replace("INSTANCEID", encodeURIComponent(instanceId));
  return {
    id: instanceId,
    statusQueryGetUri: fill(urls.statusQueryGetUri as string),
    sendEventPostUri: fill(urls.sendEventPostUri as string),
    terminatePostUri: fill(urls.terminatePostUri as string),
    rewindPostUri: fill(urls.rewindPostUri as string),
    purgeHistoryDeleteUri: fill(urls.purgeHistoryDeleteUri as string),
    restartPostUri: fill(urls.restartPostUri as string),
    suspendPostUri: fill(urls.suspendPostUri as string),
    resumePostUri: fill(urls.resumePostUri as string),
  };
}
