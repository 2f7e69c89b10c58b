// What the client-compatibility tests share: dev tokens minted with the server's dev key (POKTAPOK_DEV_KEY, set by
// ./scripts/test: ES256 JWTs shaped like Privy's, iss/aud "poktapok-dev"), and polling for a condition.
import assert from "node:assert/strict";
import { createHash, createPrivateKey, createPublicKey, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

const base64url = (data) => Buffer.from(data).toString("base64url");

/** A dev token for `subject`, valid for `seconds`, signed with the server's dev key. */
export function mint(subject, seconds = 3600) {
  const privateKey = createPrivateKey(readFileSync(process.env.POKTAPOK_DEV_KEY, "utf8"));
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

/** Polls `check` every 20 ms until it returns something truthy (returned), failing after `ms`. */
export async function waitFor(check, ms, what, detail = () => "") {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out after ${ms} ms waiting for ${what}${detail() ? `; ${detail()}` : ""}`);
    await sleep(20);
  }
}
