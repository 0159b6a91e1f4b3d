// Replays the findings of issue #16 against the real app in the host stand-in (one bank stack, private ranges allowed
// as for peered partners, loopback not allowlisted), through real sockets: each must be refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../local/buildApp.js";
import { startBankStack, type BankStack } from "./bankStack.js";

let bank: BankStack;
const key = { "x-functions-key": "e2e-admin-key" };
const json = { ...key, "content-type": "application/json" };
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${bank.host.url}/api/${path}`, { ...init, headers: { ...json, ...(init.headers as object) } });
const create = (body: unknown) => api("subscriptions", { method: "POST", body: JSON.stringify(body) });
const errorsOf = async (response: Response) => ((await response.json()) as { errors: string[] }).errors.join("; ");

beforeAll(async () => {
  buildApp();
  bank = await startBankStack({ settings: { WEBHOOK_ALLOWED_NETWORKS: undefined, HEALTH_CACHE_SECONDS: "60" } });
}, 180_000);
afterAll(async () => {
  await bank?.stop();
});

describe("SSRF closed at the door (POST and PATCH /api/subscriptions)", () => {
  it.each([
    ["http://169.254.169.254/metadata/identity/oauth2/token", "link-local"],
    ["http://2852039166/", "link-local"],
    ["http://0251.0376.0251.0376/", "link-local"],
    ["http://0xa9fea9fe/", "link-local"],
    ["http://[::ffff:169.254.169.254]/", "link-local"],
    ["http://[::a9fe:a9fe]/", "link-local"],
    ["http://[64:ff9b::a9fe:a9fe]/", "NAT64"],
    ["http://[2002:a9fe:a9fe::]/", "6to4"],
    ["http://168.63.129.16/", "Azure platform"],
    ["http://0.0.0.0/", "this network"],
    ["http://0/", "this network"],
    ["http://[fe80::1]/", "link-local"],
    ["http://224.0.0.1/", "multicast"],
    ["http://255.255.255.255/", "broadcast"],
    ["http://198.18.0.1/", "benchmarking"],
    ["http://192.0.0.1/", "IETF protocol"],
    ["http://192.0.2.1/", "documentation"],
    ["http://127.0.0.1:9/", "loopback"],
    ["http://localhost:9/", "loopback"],
  ])("refuses %s with 400 naming url and the reason, storing nothing", async (url, reason) => {
    const response = await create({ url });
    expect(response.status).toBe(400);
    expect(await errorsOf(response)).toMatch(new RegExp(`^url is refused: .*${reason}`));
  });

  it("refuses another host's durable API even with private addresses allowed", async () => {
    const target = `http://127.0.0.1:${new URL(bank.host.url).port}/durabletask/instances/submitter/suspend`;
    expect(await errorsOf(await create({ url: target }))).toMatch(/url is refused/);
    const ten = `http://10.9.9.9/runtime/webhooks/durabletask/instances/submitter/suspend`;
    expect(await errorsOf(await create({ url: ten }))).toMatch(/Functions host endpoint/);
  });

  it("accepts a private peer, then refuses a PATCH to the metadata endpoint and keeps the stored URL", async () => {
    const created = await create({ url: "http://10.9.9.9/hooks" });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const patch = await api(`subscriptions/${id}`, {
      method: "PATCH",
      body: JSON.stringify({ url: "http://[::ffff:169.254.169.254]/" }),
    });
    expect(patch.status).toBe(400);
    expect(await errorsOf(patch)).toMatch(/url is refused: .*link-local/);
    expect(await (await api(`subscriptions/${id}`)).json()).toMatchObject({ url: "http://10.9.9.9/hooks" });
  });

  it.each([
    ["credentials", "http://user:pass@10.9.9.9/h", /credentials/],
    ["over 2,048 characters", `http://10.9.9.9/${"a".repeat(3_000)}`, /at most 2048/],
  ])("refuses a URL with %s", async (_, url, error) => {
    expect(await errorsOf(await create({ url }))).toMatch(error);
  });
});

describe("input strictness and limits", () => {
  it.each<[unknown, RegExp]>([
    ["all", /filter must be an object/],
    [null, /filter must be an object/],
    [{}, /filter.issuers is required/],
    [{ issuers: "all", extra: true }, /filter.extra is not a known field/],
  ])("refuses filter %j with 400", async (filter, error) => {
    const response = await create({ url: "http://10.9.9.9/h", filter });
    expect(response.status).toBe(400);
    expect(await errorsOf(response)).toMatch(error);
  });

  it("requires application/json (415), bounds the body (413) and the error echo", async () => {
    const body = JSON.stringify({ url: "http://10.9.9.9/h" });
    const text = await fetch(`${bank.host.url}/api/subscriptions`, {
      method: "POST",
      headers: { ...key, "content-type": "text/plain" },
      body,
    });
    expect(text.status).toBe(415);
    const big = await create({ url: "http://10.9.9.9/h", description: "x".repeat(70_000) });
    expect(big.status).toBe(413);
    expect(await errorsOf(big)).toMatch(/at most 65536 bytes/);
    const huge = await create({ pad: "x".repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    const keys = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, 1]));
    const echo = await create({ url: "http://10.9.9.9/h", ...keys });
    expect(echo.status).toBe(400);
    expect((await echo.text()).length).toBeLessThan(1_000);
  });

  it("answers a malformed replay body with 400, never replaying everything", async () => {
    const { id } = (await (await create({ url: "http://10.9.9.9/r" })).json()) as { id: string };
    for (const body of ["{not json", "null", '"all"', "[]"]) {
      expect((await api(`subscriptions/${id}/replay`, { method: "POST", body })).status).toBe(400);
    }
  });

  it.each(["a%2Fb", "a%5Cb", "a%23b", "a%3Fb", "a%00b", "a%0Ab", "%E0%A4%A", "sub_" + "0".repeat(24)])(
    "answers the id %s with 400 or 404, never 500",
    async (id) => {
      for (const [method, suffix] of [
        ["GET", ""],
        ["DELETE", ""],
        ["POST", "/rotate-secret"],
        ["POST", "/replay"],
      ]) {
        const response = await api(`subscriptions/${id}${suffix}`, { method });
        expect([400, 404]).toContain(response.status);
      }
    },
  );

  it("pages GET /api/subscriptions with a continuation token and a page size cap", async () => {
    for (const n of [1, 2, 3]) expect((await create({ url: `http://10.9.9.9/p${n}` })).status).toBe(201);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await api(`subscriptions?pageSize=2${token ? `&continuationToken=${token}` : ""}`);
      const body = (await page.json()) as { items: { id: string }[]; continuationToken?: string };
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((s) => s.id));
      token = body.continuationToken;
    } while (token);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect((await api("subscriptions?pageSize=1000")).status).toBe(400);
    expect((await api("subscriptions?continuationToken=forged")).status).toBe(400);
  });
});

describe("secrets", () => {
  it("marks every response holding a whsec_ secret no-store, and revokes a leaked one at once", async () => {
    const created = await create({ url: "http://10.9.9.9/s" });
    expect(created.headers.get("cache-control")).toBe("no-store");
    const { id } = (await created.json()) as { id: string };
    const rotated = await api(`subscriptions/${id}/rotate-secret`, { method: "POST" });
    expect(rotated.headers.get("cache-control")).toBe("no-store");
    const revoked = await api(`subscriptions/${id}/revoke-secret`, { method: "POST" });
    expect(revoked.status).toBe(200);
    expect(revoked.headers.get("cache-control")).toBe("no-store");
    expect(await revoked.json()).toMatchObject({ secret: expect.stringMatching(/^whsec_/) });
  });
});

describe("roles: a reader key reads, an operator key also replays and rotates, only the admin key changes", () => {
  const withKey =
    (functionKey: string) =>
    (path: string, init: RequestInit = {}) =>
      fetch(`${bank.host.url}/api/${path}`, {
        ...init,
        headers: { "x-functions-key": functionKey, "content-type": "application/json" },
      });

  it("lets the host key (reader) read and refuses it every change: 401 on admin routes, 403 on operator actions", async () => {
    const { id } = (await (await create({ url: "http://10.9.9.9/roles" })).json()) as { id: string };
    const reader = withKey("e2e-reader-key");
    expect((await reader("subscriptions")).status).toBe(200);
    expect((await reader(`subscriptions/${id}`)).status).toBe(200);
    expect((await reader("health/details")).status).not.toBe(401);
    const changes: [string, string, number, string?][] = [
      ["POST", "subscriptions", 401, JSON.stringify({ url: "http://10.9.9.9/r" })],
      ["PATCH", `subscriptions/${id}`, 401, JSON.stringify({ url: "http://10.9.9.9/elsewhere" })],
      ["DELETE", `subscriptions/${id}`, 401],
      ["POST", `subscriptions/${id}/rotate-secret`, 403],
      ["POST", `subscriptions/${id}/revoke-secret`, 403],
      ["POST", `subscriptions/${id}/replay`, 403],
    ];
    for (const [method, path, status, body] of changes) {
      expect((await reader(path, { method, body })).status, `${method} ${path}`).toBe(status);
    }
    expect(await (await api(`subscriptions/${id}`)).json()).toMatchObject({ url: "http://10.9.9.9/roles" });
    expect((await api(`subscriptions/${id}`, { method: "DELETE" })).status).toBe(204);
  });

  it("lets the operator key replay and rotate but neither create, change nor delete", async () => {
    const { id } = (await (await create({ url: "http://10.9.9.9/operator" })).json()) as { id: string };
    const operator = withKey("e2e-operator-key");
    expect((await operator(`subscriptions/${id}/replay`, { method: "POST" })).status).toBe(202);
    expect((await operator(`subscriptions/${id}/rotate-secret`, { method: "POST" })).status).toBe(200);
    const patch = JSON.stringify({ url: "http://10.9.9.9/elsewhere" });
    expect((await operator(`subscriptions/${id}`, { method: "PATCH", body: patch })).status).toBe(401);
    expect((await operator(`subscriptions/${id}`, { method: "DELETE" })).status).toBe(401);
    // A client cannot raise its own key's role: the host replaces the header.
    const posing = await fetch(`${bank.host.url}/api/subscriptions/${id}/replay`, {
      method: "POST",
      headers: { "x-functions-key": "e2e-reader-key", "x-functions-key-role": "operator" },
    });
    expect(posing.status).toBe(403);
    expect((await api(`subscriptions/${id}`, { method: "DELETE" })).status).toBe(204);
  });

  it("also requires the Entra ID app role of the action when App Service Authentication names a principal", async () => {
    // What App Service Authentication puts in front of the app in Azure (and strips from clients).
    const as = (...roles: string[]) => ({
      "x-ms-client-principal-name": "ops@bank-a.example",
      "x-ms-client-principal": Buffer.from(
        JSON.stringify({ claims: roles.map((val) => ({ typ: "roles", val })) }),
      ).toString("base64"),
    });
    const body = JSON.stringify({ url: "http://10.9.9.9/entra" });
    expect((await api("subscriptions", { method: "POST", body, headers: as("reader") })).status).toBe(403);
    expect((await api("subscriptions", { method: "POST", body, headers: as() })).status).toBe(403);
    const created = await api("subscriptions", { method: "POST", body, headers: as("admin") });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await api(`subscriptions/${id}/replay`, { method: "POST", headers: as("reader") })).status).toBe(403);
    expect((await api(`subscriptions/${id}/replay`, { method: "POST", headers: as("operator") })).status).toBe(202);
    expect((await api(`subscriptions/${id}`, { method: "DELETE", headers: as("operator") })).status).toBe(403);
    const deniedFor = (principal: string) =>
      bank.logs.some((l) => l.includes('"event":"audit"') && l.includes('"outcome":"denied"') && l.includes(principal));
    await expect.poll(() => deniedFor("ops@bank-a.example"), { timeout: 10_000 }).toBe(true);
    expect((await api(`subscriptions/${id}`, { method: "DELETE", headers: as("admin") })).status).toBe(204);
  });
});

describe("health", () => {
  it("tells anonymous callers only whether the bank can write, from a cache that spares Key Vault", async () => {
    const first = await fetch(`${bank.host.url}/api/health`);
    const summary = (await first.json()) as Record<string, unknown>;
    expect(Object.keys(summary).sort()).toEqual(["canWrite", "checkedAt", "status"]);
    const before = bank.keyVault.operationCounts();
    for (let i = 0; i < 20; i++) expect((await fetch(`${bank.host.url}/api/health`)).status).toBe(first.status);
    expect(bank.keyVault.operationCounts()).toEqual(before);
    expect((await fetch(`${bank.host.url}/api/health/details`)).status).toBe(401);
    const details = await (await fetch(`${bank.host.url}/api/health/details`, { headers: key })).text();
    expect(details).toContain("bank-a-inbound");
    expect(details).not.toContain(bank.rpcProxy.url.replace(/\/$/, "") + "/");
  });
});

describe("audit", () => {
  it("logs who looked up which subject key and who rotated a secret, never the subject's id", async () => {
    const subject = { scheme: "national-id", country: "SE", id: "AUDIT-19800101-1234" };
    const search = await fetch(`${bank.host.url}/api/records/search`, {
      method: "POST",
      // A client's own role header is replaced by the host's.
      headers: {
        "x-functions-key": "e2e-reader-key",
        "content-type": "application/json",
        "x-functions-key-role": "admin",
      },
      body: JSON.stringify(subject),
    });
    expect(search.status).toBe(200);
    const { subjectKey } = (await search.json()) as { subjectKey: string };
    const { id } = (await (await create({ url: "http://10.9.9.9/audit" })).json()) as { id: string };
    expect((await api(`subscriptions/${id}/rotate-secret`, { method: "POST" })).status).toBe(200);
    const audits = () =>
      bank.logs.flatMap((line) => {
        if (!line.includes('"audit"')) return [];
        try {
          const parsed = JSON.parse(line.slice(line.indexOf("{"))) as { event?: string };
          return parsed.event === "audit" ? [parsed] : [];
        } catch {
          return [];
        }
      });
    // Earlier tests' audit lines are already there: wait for this test's own (the host writes its log lines a
    // moment after it answers).
    await expect.poll(audits, { timeout: 10_000 }).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          audit: expect.objectContaining({
            action: "subject.lookup",
            actor: { keyRole: "reader" },
            subjectKey,
            outcome: "succeeded",
          }),
        }),
        expect.objectContaining({
          audit: expect.objectContaining({
            action: "subscription.create",
            actor: { keyRole: "admin" },
          }),
        }),
        expect.objectContaining({
          audit: expect.objectContaining({
            action: "subscription.rotate-secret",
            actor: { keyRole: "admin" },
            subscriptionId: id,
          }),
        }),
      ]),
    );
    expect(bank.logs.join("\n")).not.toContain(subject.id);
  });
});
