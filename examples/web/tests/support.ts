// What the specs share: the app's URL, dev tokens, an operator client (the admin key), making an admin, signing in
// through the sign-in page, and a small PNG.
import { expect, test as base, type Page } from "@playwright/test";
import { ConvexHttpClient } from "convex/browser";
import { deflateSync } from "node:zlib";
import { api } from "../convex/_generated/api";
import { mintDevToken } from "../scripts/poktapok.mjs";

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is set by tests/global-setup.ts`);
  return value;
};

/** Every test's pages open the app that global setup serves. */
export const test = base.extend({
  baseURL: async ({}, use) => use(env("POKTAPOK_WEB_URL")),
});
export { expect };

/** A DID no other test (or earlier run on the same database) uses. */
export const uniqueDid = (label: string) => `did:privy:${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** `users:login` names a new account `user_` + the DID's last 12 characters. */
export const usernameOf = (did: string) => `user_${did.slice(-12)}`;

export const devToken = (did: string) => mintDevToken(env("POKTAPOK_DEV_KEY"), did);

/** An HTTP client of the server as the operator (the admin key), as the dashboard or CLI would be. */
export function operator() {
  const client = new ConvexHttpClient(env("POKTAPOK_URL"));
  // setAdminAuth is marked internal in the client's types; the dashboard and CLI use it.
  (client as unknown as { setAdminAuth: (key: string) => void }).setAdminAuth(env("POKTAPOK_ADMIN_KEY"));
  return client;
}

/** Makes `did` an active admin: it logs in and applies, then the operator approves it and gives it the role. */
export async function makeAdmin(did: string) {
  const member = new ConvexHttpClient(env("POKTAPOK_URL"));
  member.setAuth(devToken(did));
  const { user } = await member.mutation(api.users.login, {});
  await member.mutation(api.applications.submit, { goal: "Run the club", motivationText: "The browser tests' admin." });
  const ops = operator();
  await ops.mutation(api.admin.approveUser, { userId: user._id });
  await ops.mutation(api.admin.setRole, { userId: user._id, role: "admin", reason: "browser test" });
  return user._id;
}

/** Signs in through the sign-in page with a dev token for `did`, and waits until the server accepted it. */
export async function signIn(page: Page, did: string) {
  await page.goto("/#/sign-in");
  await page.getByLabel("Development token").fill(devToken(did));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("auth-status")).toHaveText("signed in");
}

/** A valid `size`×`size` RGB PNG (a gradient), built here so the file input gets a real image. */
export function png(size = 48): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, deflate, no filter method, no interlace
  const rows = Buffer.alloc(size * (1 + 3 * size));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + 3 * size);
    for (let x = 0; x < size; x++) rows.set([(x * 255) / size, (y * 255) / size, 160], row + 1 + 3 * x);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
}
