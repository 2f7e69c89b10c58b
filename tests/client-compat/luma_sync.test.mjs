// The Luma sync seen from the official client: a ConvexClient subscribed to events:listPublished receives the events a
// sync creates, on the server that ran the sync and on a second server process sharing the database. The calendar is
// a small stand-in served here on 127.0.0.1:POKTAPOK_LUMA_PORT, where ./scripts/test points the servers' Luma:WebUrl;
// the sync is started as an operator with the admin key, as the dashboard would.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { startLumaStandIn } from "../support/luma-standin.mjs";

const url = process.env.POKTAPOK_URL;
const urlB = process.env.POKTAPOK_URL_B;
const lumaPort = Number(process.env.POKTAPOK_LUMA_PORT);
const adminKey = process.env.POKTAPOK_ADMIN_KEY;
if (!url || !lumaPort || !adminKey) throw new Error("POKTAPOK_URL, POKTAPOK_LUMA_PORT and POKTAPOK_ADMIN_KEY are set by ./scripts/test");

const calendar = "frutero-club";
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const start = Date.now() + 7 * 24 * 3600 * 1000;
const events = [0, 1].map((i) => ({
  slug: `compat-${run}-${i}`,
  id: `evt-compat${run}${i}`,
  name: `Compat meetup ${i} (${run})`,
  startDate: new Date(start + i * 3600 * 1000).toISOString(),
  endDate: new Date(start + i * 3600 * 1000 + 7200 * 1000).toISOString(),
}));

let luma;
before(async () => {
  luma = await startLumaStandIn({ port: lumaPort, calendar, events, description: "Built by the compatibility suite." });
});

after(() => luma.close());

/** Resolves with the first published-events result that lists every stand-in event. */
function awaitEvents(client) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the subscription never listed the synced events")), 20_000);
    const unsubscribe = client.onUpdate(anyApi.events.listPublished, { status: "upcoming", limit: 100 }, (result) => {
      const slugs = new Set(result.map((e) => e.lumaSlug));
      if (events.every((e) => slugs.has(e.slug))) {
        clearTimeout(timer);
        unsubscribe();
        resolve(result);
      }
    });
  });
}

test("subscribers receive the events a Luma sync creates, on both servers", async () => {
  const clients = [new ConvexClient(url), ...(urlB ? [new ConvexClient(urlB)] : [])];
  try {
    const before = await clients[0].query(anyApi.events.listPublished, { status: "upcoming", limit: 100 });
    assert.ok(!before.some((e) => e.lumaSlug?.startsWith(`compat-${run}`)), "the stand-in's events exist before the sync");
    const updates = clients.map(awaitEvents);

    const operator = new ConvexHttpClient(url);
    operator.setAdminAuth(adminKey);
    const summary = await operator.action(anyApi.luma.syncAction.syncCalendar, {});
    assert.equal(summary.created, 2, JSON.stringify(summary));
    assert.equal(summary.status, "success");

    for (const result of await Promise.all(updates)) {
      const synced = result.filter((e) => e.lumaSlug?.startsWith(`compat-${run}`));
      assert.deepEqual(synced.map((e) => e.title).sort(), events.map((e) => e.name).sort());
      assert.ok(synced.every((e) => e.isPublished && e.startDate === Date.parse(events.find((x) => x.slug === e.lumaSlug).startDate)));
    }
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
});
