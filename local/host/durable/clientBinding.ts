// The value of the `durableClient` input binding, shaped as the extension sends it: task hub, creation and
// management URL templates under `/runtime/webhooks/durabletask`, and `rpcBaseUrl`, which the JS client then uses
// for every call.
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
  const code = options.keys.masterKey ? `code=${encodeURIComponent(options.keys.masterKey)}` : "";
  const base = `${options.baseUrl}/runtime/webhooks/durabletask`;
  const query = `taskHub=${encodeURIComponent(hub)}&connection=Storage${code ? `&${code}` : ""}`;
  const instance = `${base}/instances/INSTANCEID`;
  return {
    taskHubName: hub,
    creationUrls: {
      createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]${code ? `?${code}` : ""}`,
      createAndWaitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}${code ? `&${code}` : ""}`,
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
    requiredQueryStringParameters: code,
    rpcBaseUrl: `${options.baseUrl}/durabletask/`,
  };
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
