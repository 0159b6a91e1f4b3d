import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "../../local/devStack/webhookReceiver.js";
import { FetchWebhookSender } from "../../lib/adapters/http/fetchWebhookSender.js";

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

  it("delivers to a loopback receiver when loopback is allowed explicitly, by address and by name", async () => {
    const sender = new FetchWebhookSender({ allowPrivateAddresses: false, allowedNetworks: ["127.0.0.0/8", "::1"] });
    expect(await sender.send(request(receiver.url))).toMatchObject({ kind: "response", status: 200 });
    expect(await sender.send(request(byName()))).toMatchObject({ kind: "response", status: 200 });
  });

  it.each([
    ["the default policy", { allowPrivateAddresses: false }],
    ["private addresses allowed (loopback is not private)", { allowPrivateAddresses: true }],
  ])(
    "refuses the same receiver under %s, sending nothing: the attempt is refused with the reason",
    async (_, policy) => {
      const sender = new FetchWebhookSender(policy);
      const before = receiver.received.length;
      expect(await sender.send(request(receiver.url))).toMatchObject({
        kind: "refused",
        message: expect.stringMatching(/webhook address refused for 127\.0\.0\.1: 127\.0\.0\.1 is loopback/),
      });
      expect(await sender.send(request(byName()))).toMatchObject({
        kind: "refused",
        message: expect.stringMatching(/webhook address refused for localhost: .* is loopback/),
      });
      expect(receiver.received.length).toBe(before);
    },
  );

  it("never sends to the metadata endpoint, whatever the policy", async () => {
    const sender = new FetchWebhookSender({ allowPrivateAddresses: true, allowedNetworks: ["169.254.0.0/16"] });
    expect(await sender.send(request("http://169.254.169.254/metadata/identity/oauth2/token"))).toMatchObject({
      kind: "refused",
      message: expect.stringContaining("link-local"),
    });
  });
});

describe("FetchWebhookSender outcomes", () => {
  it("never repeats a credential of the URL in a failed attempt's message", async () => {
    const sender = new FetchWebhookSender({ allowPrivateAddresses: false, allowedNetworks: ["127.0.0.1"] });
    const outcome = await sender.send({
      url: "http://user:hunter2@127.0.0.1:9/hooks?token=t0ps3cret",
      webhookId: "msg_1",
      timestamp: new Date(),
      body: "{}",
      secrets: [secret],
      timeoutInMs: 2_000,
    });
    expect(outcome.kind).toBe("network");
    expect(JSON.stringify(outcome)).not.toMatch(/hunter2|t0ps3cret/);
  });
});
