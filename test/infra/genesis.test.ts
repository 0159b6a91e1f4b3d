import { Wallet } from "ethers";
import { describe, expect, it } from "vitest";
import { QBFT_MIX_HASH, buildQbftGenesis, genesisValidators } from "../../infra/tools/consortium/genesis.js";

const validators = Array.from({ length: 5 }, () => Wallet.createRandom().address);

describe("buildQbftGenesis", () => {
  it("configures QBFT with 2-second blocks and free gas", () => {
    const genesis = buildQbftGenesis({ chainId: 10101010, validators });
    expect(genesis.config).toEqual({
      chainId: 10101010,
      berlinBlock: 0,
      londonBlock: 0,
      zeroBaseFee: true,
      qbft: { blockperiodseconds: 2, epochlength: 30000, requesttimeoutseconds: 4 },
    });
    expect(genesis).toMatchObject({ baseFeePerGas: "0x0", difficulty: "0x1", mixHash: QBFT_MIX_HASH, alloc: {} });
  });

  it("writes the validators in ascending address order", () => {
    const sorted = [...validators].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    expect(genesisValidators(buildQbftGenesis({ chainId: 1, validators }))).toEqual(sorted);
  });

  it("refuses fewer than four validators, which cannot tolerate a fault", () => {
    expect(() => buildQbftGenesis({ chainId: 1, validators: validators.slice(0, 3) })).toThrow("at least 4");
  });

  it("refuses a non-positive chain id", () => {
    expect(() => buildQbftGenesis({ chainId: 0, validators })).toThrow("chainId");
  });
});

describe("genesisValidators", () => {
  it("recovers the validator set from the extraData of a genesis", () => {
    const genesis = buildQbftGenesis({ chainId: 7, validators, blockPeriodInSeconds: 5 });
    expect(new Set(genesisValidators(genesis))).toEqual(new Set(validators));
  });
});
