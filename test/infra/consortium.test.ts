import { Wallet } from "ethers";
import { describe, expect, it } from "vitest";
import {
  consortiumGenesis,
  consortiumStaticNodes,
  parseConsortium,
  type Consortium,
} from "../../infra/tools/consortium/consortium.js";
import { identityFromNodeKey, parseEnodeUrl } from "../../infra/tools/consortium/enode.js";
import { genesisValidators } from "../../infra/tools/consortium/genesis.js";
import { readInfraFile } from "../../infra/tools/checks/infraFiles.js";

function member(name: string, count: number): Consortium["members"][number] {
  return {
    name,
    validators: Array.from({ length: count }, (_, index) => ({
      index,
      ...identityFromNodeKey(Wallet.createRandom().privateKey),
    })),
  };
}

const consortium: Consortium = {
  chainId: 10101010,
  dnsSuffix: "poa.internal",
  members: [member("bank-a", 2), member("bank-b", 3)],
};

describe("parseConsortium", () => {
  it("accepts the committed validators.json", () => {
    expect(() => parseConsortium(JSON.parse(readInfraFile("consortium/validators.json")))).not.toThrow();
  });

  it("reports an address that does not belong to the public key", () => {
    const broken = structuredClone(consortium);
    const validator = broken.members[1]?.validators[2];
    if (validator) validator.address = Wallet.createRandom().address;
    expect(() => parseConsortium(broken)).toThrow("bank-b validator 2: address does not match key");
  });

  it("reports indices out of order and a validator listed twice", () => {
    const broken = structuredClone(consortium);
    const [first] = broken.members[0]?.validators ?? [];
    if (first) broken.members[1]?.validators.push({ ...first, index: 5 });
    expect(() => parseConsortium(broken)).toThrow(/index must be 3.*appears twice/);
  });
});

describe("consortiumGenesis", () => {
  it("lists every member's validators in extraData", () => {
    const expected = consortium.members.flatMap((m) => m.validators.map((v) => v.address));
    expect(new Set(genesisValidators(consortiumGenesis(consortium)))).toEqual(new Set(expected));
  });

  it("leaves members who joined after genesis out of extraData", () => {
    const grown: Consortium = {
      ...consortium,
      members: [...consortium.members, { ...member("bank-c", 1), joinedAfterGenesis: true }],
    };
    expect(consortiumGenesis(grown)).toEqual(consortiumGenesis(consortium));
    expect(consortiumStaticNodes(grown)).toHaveLength(6);
  });
});

describe("consortiumStaticNodes", () => {
  it("dials every validator by its member DNS name with its own node id", () => {
    const nodes = consortiumStaticNodes(consortium).map(parseEnodeUrl);
    expect(nodes.map((n) => n.host)).toEqual([
      "val-0.bank-a.poa.internal",
      "val-1.bank-a.poa.internal",
      "val-0.bank-b.poa.internal",
      "val-1.bank-b.poa.internal",
      "val-2.bank-b.poa.internal",
    ]);
    expect(nodes.map((n) => n.address)).toEqual(consortium.members.flatMap((m) => m.validators.map((v) => v.address)));
  });
});
