// Dev tokens as `poktapok token --did` mints them, for tests that need many quickly: ES256 JWTs shaped like Privy's,
// iss/aud "poktapok-dev", signed with the server's dev key (Auth:Dev:KeyPath) under the key id the server derives
// from its public key. Shared by the client-compatibility tests and the example app. Node built-ins only.
import { createHash, createPrivateKey, createPublicKey, sign } from "node:crypto";
import { readFileSync } from "node:fs";

const base64url = (data) => Buffer.from(data).toString("base64url");

/** A dev token for `subject`, valid for `seconds`, signed with the PEM key at `keyPath`. */
export function mintDevToken(keyPath, subject, seconds = 3600) {
  const privateKey = createPrivateKey(readFileSync(keyPath, "utf8"));
  const spki = createPublicKey(privateKey).export({ type: "spki", format: "der" });
  const kid = base64url(createHash("sha256").update(spki).digest()).slice(0, 16);
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: "ES256", typ: "JWT", kid }));
  const payload = base64url(JSON.stringify({
    iss: "poktapok-dev", aud: "poktapok-dev", sub: subject, sid: `s-${now}`, iat: now, exp: now + seconds,
  }));
  const signature = sign("sha256", Buffer.from(`${header}.${payload}`), { key: privateKey, dsaEncoding: "ieee-p1363" });
  return `${header}.${payload}.${base64url(signature)}`;
}
