// The stand-in's TLS certificate: self-signed (it is its own trust anchor), valid for 127.0.0.1, ::1 and
// localhost, generated with the `selfsigned` package (pure JavaScript, no openssl needed) and reused from the data
// directory when one is given, so clients that trust the file keep trusting the stand-in across restarts.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generate } from "selfsigned";

/** A certificate and its private key, PEM-encoded. */
export interface StandInCertificate {
  certificatePem: string;
  privateKeyPem: string;
}

const CERTIFICATE_FILE = "keyvault-cert.pem";
const PRIVATE_KEY_FILE = "keyvault-key.pem";
const VALIDITY_IN_MS = 365 * 24 * 60 * 60 * 1000;

/** Loads the certificate from `dir`, or generates one and writes it there. Returns it and the certificate's path. */
export async function loadOrCreateCertificate(dir: string): Promise<StandInCertificate & { certificateFile: string }> {
  const certificateFile = path.join(dir, CERTIFICATE_FILE);
  const privateKeyFile = path.join(dir, PRIVATE_KEY_FILE);
  if (existsSync(certificateFile) && existsSync(privateKeyFile)) {
    const certificatePem = readFileSync(certificateFile, "utf8");
    return { certificatePem, privateKeyPem: readFileSync(privateKeyFile, "utf8"), certificateFile };
  }
  const created = await createCertificate();
  writeFileSync(privateKeyFile, created.privateKeyPem, { mode: 0o600 });
  writeFileSync(certificateFile, created.certificatePem);
  return { ...created, certificateFile };
}

async function createCertificate(): Promise<StandInCertificate> {
  const now = Date.now();
  const result = await generate([{ name: "commonName", value: "creditlink Key Vault stand-in" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + VALIDITY_IN_MS),
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
          { type: 2, value: "localhost" },
        ],
      },
    ],
  });
  return { certificatePem: result.cert, privateKeyPem: result.private };
}
