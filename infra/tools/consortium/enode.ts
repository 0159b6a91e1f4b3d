// Validator identities from node keys: the Ethereum address QBFT lists in extraData and the enode URL peers dial.
// Only public material leaves this module; a node key is read, never stored or printed.
import { SigningKey, computeAddress, dataLength, getAddress, hexlify } from "ethers";

/** The public half of a validator's node key. */
export interface ValidatorIdentity {
  /** Checksummed address derived from the node public key (the QBFT validator address). */
  address: string;
  /** Uncompressed secp256k1 public key without the 0x04 prefix: 64 bytes, as in enode URLs. */
  publicKey: string;
}

const ENODE_PATTERN = /^enode:\/\/([0-9a-f]{128})@([^:/?#]+):(\d{1,5})(\?discport=\d+)?$/;

/** Derives the validator identity of a 32-byte hex node key. */
export function identityFromNodeKey(nodeKey: string): ValidatorIdentity {
  const key = nodeKey.startsWith("0x") ? nodeKey : `0x${nodeKey}`;
  if (dataLength(key) !== 32) throw new Error("a node key is 32 bytes of hex");
  return identityFromPublicKey(new SigningKey(key).publicKey);
}

/** Derives the validator identity of a public key (64 bytes, or 65 with the 0x04 prefix, or 33 compressed). */
export function identityFromPublicKey(publicKey: string): ValidatorIdentity {
  const key = publicKey.startsWith("0x") ? publicKey : `0x${publicKey}`;
  const uncompressed = SigningKey.computePublicKey(dataLength(key) === 64 ? `0x04${key.slice(2)}` : key, false);
  return { address: computeAddress(uncompressed), publicKey: hexlify(`0x${uncompressed.slice(4)}`) };
}

/** Formats the enode URL of a validator reachable at host, with discovery off (static peering only). */
export function enodeUrl(publicKey: string, host: string, port = 30303): string {
  const { publicKey: key } = identityFromPublicKey(publicKey);
  if (!/^[A-Za-z0-9.-]+$/.test(host)) throw new Error(`invalid enode host: ${host}`);
  return `enode://${key.slice(2)}@${host}:${port}?discport=0`;
}

/** Parses an enode URL into the peer's identity, host and port. */
export function parseEnodeUrl(url: string): ValidatorIdentity & { host: string; port: number } {
  const match = ENODE_PATTERN.exec(url);
  if (!match?.[1] || !match[2] || !match[3]) throw new Error(`not an enode URL: ${url}`);
  const port = Number(match[3]);
  if (port < 1 || port > 65535) throw new Error(`enode port out of range: ${url}`);
  return { ...identityFromPublicKey(match[1]), host: match[2], port };
}

/** Checks that an address is the one derived from the public key, as a typo in validators.json would not be. */
export function matchesAddress(identity: ValidatorIdentity): boolean {
  return identityFromPublicKey(identity.publicKey).address === getAddress(identity.address);
}
