// The official ConvexClient's auth flow (setAuth with a token-fetching callback) against a running Poktapok server
// that accepts dev tokens. Tokens are minted here with the server's dev key (POKTAPOK_DEV_KEY, set by ./scripts/test):
// ES256 JWTs shaped like Privy's, with iss/aud "poktapok-dev".
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import WebSocket from "ws";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { mint, waitFor } from "./support.mjs";

const url = process.env.POKTAPOK_URL;
const keyPath = process.env.POKTAPOK_DEV_KEY;

describe("ConvexClient auth against Poktapok", { skip: !url || !keyPath ? "POKTAPOK_URL and POKTAPOK_DEV_KEY are set by ./scripts/test" : false }, () => {
  test("setAuth confirms the token and a caller-dependent subscription follows the identity", async () => {
    const client = new ConvexClient(url, { webSocketConstructor: WebSocket });
    try {
      const seen = [];
      client.onUpdate(anyApi.demo.whoAmI, {}, (value) => seen.push(value));
      await waitFor(() => seen.includes("anonymous"), 10_000, "the anonymous result");

      const changes = [];
      client.setAuth(async () => mint("did:privy:compat-alice", 3600), (isAuthenticated) => changes.push(isAuthenticated));

      await waitFor(() => changes.includes(true), 10_000, "onChange(true)");
      await waitFor(() => seen.includes("poktapok-dev|did:privy:compat-alice"), 10_000, "the result as alice");
      assert.ok(!changes.includes(false), `the token must not be rejected: ${JSON.stringify(changes)}`);
    } finally {
      await client.close();
    }
  });

  test("a rejected token makes the client give up and continue anonymously", async () => {
    const client = new ConvexClient(url, { webSocketConstructor: WebSocket, logger: false });
    try {
      const changes = [];
      let fetches = 0;
      client.setAuth(async () => {
        fetches++;
        return "header.payload.signature";
      }, (isAuthenticated) => changes.push(isAuthenticated));
      await waitFor(() => changes.includes(false), 20_000, "onChange(false)");
      assert.ok(fetches >= 2, `the client should have tried a fresh token, fetched ${fetches}`);
      assert.equal(await client.query(anyApi.demo.whoAmI, {}), "anonymous");
    } finally {
      await client.close();
    }
  });

  test("an expired token is refreshed without losing the subscription", async () => {
    const client = new ConvexClient(url, { webSocketConstructor: WebSocket, logger: false });
    const http = new ConvexHttpClient(url);
    const name = `auth-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    try {
      let fetches = 0;
      const changes = [];
      client.setAuth(async () => {
        fetches++;
        return mint("did:privy:compat-short", 3);
      }, (isAuthenticated) => changes.push(isAuthenticated));
      const who = [];
      const values = [];
      client.onUpdate(anyApi.demo.whoAmI, {}, (value) => who.push(value));
      client.onUpdate(anyApi.demo.get, { name }, (value) => values.push(value));
      await waitFor(() => who.includes("poktapok-dev|did:privy:compat-short"), 10_000, "the result as the short-lived identity");
      const fetchesBefore = fetches;

      await sleep(4500); // past exp: the server ends the session with AuthError, the client fetches a new token
      await waitFor(() => fetches > fetchesBefore, 10_000, "a token refresh after expiry");
      await http.mutation(anyApi.demo.increment, { name });

      await waitFor(() => values.includes(1), 10_000, "the update after the refresh");
      assert.equal(who.at(-1), "poktapok-dev|did:privy:compat-short");
      assert.ok(!changes.includes(false), `auth must not be given up: ${JSON.stringify(changes)}`);
    } finally {
      await client.close();
    }
  });
});
