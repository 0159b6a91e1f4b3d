import { readFileSync } from "node:fs";
import { FunctionFragment, Interface } from "ethers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ARTIFACT_PATH,
  EVM_VERSION,
  JSON_ARTIFACT_PATH,
  compileRegistry,
  renderArtifact,
  renderJsonArtifact,
  type CompiledRegistry,
} from "../../contracts/compile.js";
import { creditRegistryAbi, creditRegistryBytecode } from "../../contracts/artifacts/creditRegistryArtifact.js";
import { deployRegistry, freshWallet, testProvider } from "../support/chain.js";

interface JsonArtifact {
  _format: string;
  contractName: string;
  abi: unknown[];
  bytecode: string;
  deployedBytecode: string;
  methodIdentifiers: Record<string, string>;
  metadata: string;
}

const json = (): JsonArtifact => JSON.parse(readFileSync(JSON_ARTIFACT_PATH, "utf8")) as JsonArtifact;
let compiled: CompiledRegistry;
beforeAll(() => {
  compiled = compileRegistry();
});

describe("contracts/artifacts (run `npm run contracts:compile` when one of these fails)", () => {
  it("the TypeScript module matches a fresh compilation of CreditRegistry.sol", () => {
    expect(readFileSync(ARTIFACT_PATH, "utf8")).toBe(renderArtifact(compiled));
  });

  it("the JSON artifact matches a fresh compilation of CreditRegistry.sol", () => {
    expect(readFileSync(JSON_ARTIFACT_PATH, "utf8")).toBe(renderJsonArtifact(compiled));
  });

  it("compiles deterministically: a second compilation yields the same artifacts", () => {
    expect(compileRegistry()).toEqual(compiled);
  });

  it("the JSON artifact and the TypeScript module publish the same ABI and creation bytecode", () => {
    const artifact = json();
    expect(artifact).toMatchObject({ _format: "hh-sol-artifact-1", contractName: "CreditRegistry" });
    expect(artifact.abi).toEqual(creditRegistryAbi);
    expect(artifact.bytecode).toBe(creditRegistryBytecode);
  });

  it("records the compiler and settings in the metadata", () => {
    const metadata = JSON.parse(json().metadata) as {
      compiler: { version: string };
      settings: { evmVersion: string; optimizer: { enabled: boolean; runs: number } };
    };
    expect(compiled.solcVersion).toContain(metadata.compiler.version);
    expect(metadata.settings).toMatchObject({ evmVersion: EVM_VERSION, optimizer: { enabled: true, runs: 200 } });
  });

  it("the deployedBytecode is the code the chain holds after deployment", async () => {
    const provider = testProvider();
    const wallet = freshWallet(provider);
    const address = await deployRegistry(wallet, [wallet.address]);
    expect(await provider.getCode(address)).toBe(json().deployedBytecode);
  });

  it("the method identifiers are the ABI's function selectors", () => {
    const abi = Interface.from(creditRegistryAbi);
    const selectors = Object.fromEntries(
      abi.fragments.flatMap((f) => (f instanceof FunctionFragment ? [[f.format("sighash"), f.selector.slice(2)]] : [])),
    );
    expect(json().methodIdentifiers).toEqual(selectors);
  });
});
