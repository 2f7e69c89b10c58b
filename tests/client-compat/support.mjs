// What the client-compatibility tests share: dev tokens minted with the server's dev key (POKTAPOK_DEV_KEY, set by
// ./scripts/test: ES256 JWTs shaped like Privy's, iss/aud "poktapok-dev"), and polling for a condition.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { mintDevToken } from "../support/dev-token.mjs";

/** A dev token for `subject`, valid for `seconds`, signed with the server's dev key. */
export const mint = (subject, seconds = 3600) => mintDevToken(process.env.POKTAPOK_DEV_KEY, subject, seconds);

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
