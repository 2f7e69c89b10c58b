// File storage as a browser app uses it (PROTOCOL.md §7) with the official client: a mutation returns an upload URL,
// fetch() POSTs the raw bytes, a mutation saves the storage id (users:setAvatar), a live query shows the serving URL,
// and the file downloads byte-identical — also through the second server process when there is one.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes, createHash } from "node:crypto";
import WebSocket from "ws";
import { ConvexClient } from "convex/browser";
import { anyApi } from "convex/server";
import { mint, waitFor } from "./support.mjs";

const url = process.env.POKTAPOK_URL;
const urlB = process.env.POKTAPOK_URL_B;

/** A PNG-signed image of `size` bytes. */
function png(size) {
  const bytes = randomBytes(size);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  return bytes;
}

function signedIn(serverUrl, subject) {
  const client = new ConvexClient(serverUrl, { webSocketConstructor: WebSocket, logger: false });
  client.setAuth(async () => mint(subject));
  return client;
}

describe("file uploads with the official client", { skip: !url || !process.env.POKTAPOK_DEV_KEY ? "set by ./scripts/test" : false }, () => {
  test("upload URL → POST → setAvatar → live URL → byte-identical download", async () => {
    const subject = `did:privy:upload-${Date.now()}`;
    const client = signedIn(url, subject);
    const other = urlB ? signedIn(urlB, subject) : null;
    try {
      await client.mutation(anyApi.users.login, { loginMethod: "email" });
      const avatars = [];
      (other ?? client).onUpdate(anyApi.users.me, {}, (me) => avatars.push(me?.user.avatarUrl ?? null));
      await waitFor(() => avatars.length > 0, 10_000, "the first users:me");

      const uploadUrl = await client.mutation(anyApi.files.generateUploadUrl, {});
      assert.match(uploadUrl, /\/api\/storage\/upload\?token=/);
      const image = png(200_000);
      const response = await fetch(uploadUrl, { method: "POST", headers: { "Content-Type": "image/png" }, body: image });
      assert.equal(response.status, 200);
      const { storageId } = await response.json();
      assert.match(storageId, /^[0-9a-f-]{36}$/);

      const { avatarUrl } = await client.mutation(anyApi.users.setAvatar, { storageId });
      assert.equal(await client.query(anyApi.files.getUrl, { storageId }), avatarUrl);
      await waitFor(() => avatars.includes(avatarUrl), 10_000, "the new avatar in the live users:me", () => JSON.stringify(avatars));

      for (const served of [avatarUrl, urlB ? avatarUrl.replace(url, urlB) : null].filter(Boolean)) {
        const download = await fetch(served);
        assert.equal(download.status, 200, served);
        assert.equal(download.headers.get("content-type"), "image/png");
        const bytes = Buffer.from(await download.arrayBuffer());
        assert.equal(createHash("sha256").update(bytes).digest("hex"), createHash("sha256").update(image).digest("hex"));
      }

      // The URL is single-use.
      const again = await fetch(uploadUrl, { method: "POST", headers: { "Content-Type": "image/png" }, body: png(100) });
      assert.equal(again.status, 400);
      assert.equal((await again.json()).code, "UPLOAD_URL_USED");

      // Removing the avatar deletes the file.
      await client.mutation(anyApi.users.setAvatar, { storageId: null });
      await waitFor(() => avatars.at(-1) === null, 10_000, "the avatar removed in the live users:me");
      assert.equal((await fetch(avatarUrl)).status, 404);
      assert.equal(await client.query(anyApi.files.getUrl, { storageId }), null);
    } finally {
      await client.close();
      await other?.close();
    }
  });
});
