import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FetchWebhookSender } from "../../lib/adapters/fetchWebhookSender.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhookReceiver.js";

const secret = "whsec_" + Buffer.alloc(32, 5).toString("base64");

describe("FetchWebhookSender and the webhook address policy", () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver(secret);
  });
  afterAll(() => receiver.close());

  const request = (url: string) => ({
    url,
    webhookId: "msg_1",
    timestamp: new Date(),
    body: JSON.stringify({ hello: "partner" }),
    secrets: [secret],
    timeoutInMs: 2_000,
  });
  const byName = () => receiver.url.replace("127.0.0.1", "localhost");

  it("delivers to a loopback receiver when private addresses are allowed, by address and by name", async () => {
    const sender = new FetchWebhookSender({ allowPrivateAddresses: true });
    expect(await sender.send(request(receiver.url))).toMatchObject({ kind: "response", status: 200 });
    expect(await sender.send(request(byName()))).toMatchObject({ kind: "response", status: 200 });
  });

  it("refuses the same receiver under the default policy, sending nothing: the attempt fails with the reason", async () => {
    const sender = new FetchWebhookSender({ allowPrivateAddresses: false });
    const before = receiver.received.length;
    expect(await sender.send(request(receiver.url))).toMatchObject({
      kind: "network",
      message: expect.stringMatching(/webhook address refused for 127\.0\.0\.1: 127\.0\.0\.1 is loopback/),
    });
    expect(await sender.send(request(byName()))).toMatchObject({
      kind: "network",
      message: expect.stringMatching(/webhook address refused for localhost: .* is loopback/),
    });
    expect(receiver.received.length).toBe(before);
  });

  it("never sends to the metadata endpoint, whatever the policy", async () => {
    const sender = new FetchWebhookSender({ allowPrivateAddresses: true });
    expect(await sender.send(request("http://169.254.169.254/metadata/identity/oauth2/token"))).toMatchObject({
      kind: "network",
      message: expect.stringContaining("link-local"),
    });
  });
});
