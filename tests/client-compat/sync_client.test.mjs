// The official ConvexClient (WebSocket sync protocol) against a running Poktapok server at POKTAPOK_URL, and, when
// POKTAPOK_URL_B is set, a second server process sharing the same database. A few tests speak raw frames with `ws` to
// pin down what the client relies on without checking itself (version chaining, ordering, heartbeats).
//
// Every ConvexClient here records the frames it exchanges (without changing them) and its log lines; a failing test
// appends them to its error so that a failure can be read without re-running anything.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import WebSocket from "ws";
import { version as clientVersion } from "convex";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { ConvexError } from "convex/values";
import { anyApi } from "convex/server";
import { waitFor } from "./support.mjs";

const url = process.env.POKTAPOK_URL;
if (!url) throw new Error("POKTAPOK_URL is not set; ./scripts/test starts a server and sets it");
const urlB = process.env.POKTAPOK_URL_B;

const unique = (prefix) => `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const syncUrl = (deployment) => `${deployment.replace(/^http/, "ws")}/api/${clientVersion}/sync`;
const ZERO_TS = "AAAAAAAAAAA=";

/** A u64-b64 timestamp (8 little-endian bytes, padded standard base64) as a BigInt. */
function decodeTs(ts) {
  assert.equal(typeof ts, "string", `a timestamp must be a string, got ${JSON.stringify(ts)}`);
  assert.match(ts, /^[A-Za-z0-9+/]{11}=$/, `a timestamp must be 8 bytes in padded base64, got ${ts}`);
  return Buffer.from(ts, "base64").readBigUInt64LE(0);
}

async function queryTs(deployment) {
  const response = await fetch(`${deployment}/api/query_ts`, { method: "POST" });
  assert.equal(response.status, 200, `POST ${deployment}/api/query_ts answered ${response.status}`);
  return decodeTs((await response.json()).ts);
}

/** Polls until `check()` returns something truthy; fails with `what` (and `detail()`) after `ms`. */
async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new assert.AssertionError({ message: `timed out after ${ms} ms waiting for ${what}` })), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const show = (value) => JSON.stringify(value, (_, v) => (typeof v === "bigint" ? `${v}n` : v));
const clip = (text, n = 400) => (text.length > n ? `${text.slice(0, n)}…(${text.length} chars)` : text);

/**
 * Runs `body(make)` where `make(address?)` builds ConvexClients that record their frames and logs. Every client is
 * closed afterwards; on failure the frames and logs of every client are appended to the error message.
 */
async function withClients(body) {
  const clients = [];
  const make = (address = url, label = `client ${clients.length + 1}`) => {
    const frames = [];
    const logs = [];
    let sockets = 0;
    class RecordingWebSocket extends WebSocket {
      constructor(...args) {
        super(...args);
        const n = ++sockets;
        frames.push({ n, dir: "--", text: `open ${args[0]}` });
        this.on("message", (data) => frames.push({ n, dir: "S→C", text: data.toString() }));
        this.on("close", (code, reason) => frames.push({ n, dir: "--", text: `closed ${code} ${reason}` }));
      }
      send(data, ...rest) {
        frames.push({ n: sockets, dir: "C→S", text: String(data) });
        return super.send(data, ...rest);
      }
    }
    const record = (level) => (...args) => logs.push(`${level}: ${args.map((a) => (typeof a === "string" ? a : show(a))).join(" ")}`);
    const logger = {
      logVerbose: () => {},
      log: record("log"),
      warn: record("warn"),
      error: record("error"),
      addLogLineListener: () => () => {},
    };
    const client = new ConvexClient(address, { webSocketConstructor: RecordingWebSocket, logger, unsavedChangesWarning: false });
    const entry = { label, client, frames, logs };
    clients.push(entry);
    return Object.assign(client, {
      frames,
      logs,
      /** Parsed server messages, oldest first. */
      received: () => frames.filter((f) => f.dir === "S→C").map((f) => JSON.parse(f.text)),
    });
  };
  try {
    return await body(make);
  } catch (error) {
    if (error && typeof error === "object" && clients.length > 0) {
      const lines = [];
      for (const { label, frames, logs } of clients) {
        lines.push(`--- ${label}: last frames (socket number, direction) ---`);
        for (const f of frames.slice(-40)) lines.push(`[${f.n}] ${f.dir} ${clip(f.text)}`);
        if (logs.length > 0) lines.push(`--- ${label}: client log ---`, ...logs.slice(-20).map((l) => clip(l)));
      }
      try {
        error.message += `\n${lines.join("\n")}`;
      } catch {
        // a frozen error: keep it as it is
      }
    }
    throw error;
  } finally {
    await Promise.all(clients.map(({ client }) => withTimeout(client.close(), 3000, "ConvexClient.close()").catch(() => {})));
  }
}

/** Subscribes with onUpdate and records every value and error. */
function watch(client, query, args) {
  const rec = { values: [], errors: [] };
  rec.unsubscribe = client.onUpdate(
    query,
    args,
    (value) => rec.values.push(value),
    (error) => rec.errors.push(error),
  );
  rec.last = () => rec.values.at(-1);
  rec.until = (predicate, ms, what) =>
    waitFor(() => rec.values.length > 0 && predicate(rec.last()), ms, what, () => `values so far ${show(rec.values)}, errors ${rec.errors.map(String)}`);
  return rec;
}

/** A raw WebSocket on the sync endpoint that queues every frame it receives. */
async function rawSession(deployment = url) {
  const ws = new WebSocket(syncUrl(deployment));
  const inbox = [];
  const log = [];
  let closed = null;
  ws.on("message", (data, isBinary) => {
    const text = data.toString();
    log.push(`S→C ${text}`);
    inbox.push({ text, isBinary });
  });
  ws.on("close", (code, reason) => {
    closed = `${code} ${reason}`;
    log.push(`-- closed ${closed}`);
  });
  try {
    await withTimeout(
      new Promise((resolve, reject) => {
        ws.once("open", resolve);
        // e.g. "Unexpected server response: 404" when the server does not upgrade
        ws.once("error", (error) => reject(new Error(`WebSocket ${syncUrl(deployment)}: ${error.message}`)));
      }),
      5000,
      `the WebSocket upgrade of ${syncUrl(deployment)}`,
    );
  } catch (error) {
    ws.terminate();
    throw error;
  }
  return {
    ws,
    log,
    inbox,
    send(message) {
      const text = JSON.stringify(message);
      log.push(`C→S ${text}`);
      ws.send(text);
    },
    /** The next message that is not a Ping, parsed. */
    async next(ms = 5000, what = "a server message") {
      for (;;) {
        const frame = await waitFor(() => inbox.shift(), ms, what, () => (closed ? `the socket closed: ${closed}` : ""));
        assert.equal(frame.isBinary, false, "every server frame is a text frame");
        const message = JSON.parse(frame.text);
        if (message.type !== "Ping") return message;
      }
    },
    transcript: () => log.map((l) => clip(l)).join("\n"),
    close: () => ws.terminate(),
  };
}

/** A TCP proxy in front of `target` whose live connections can all be cut at once. */
async function startProxy(target) {
  const { hostname, port } = new URL(target);
  const pairs = new Set();
  let accepted = 0;
  const server = net.createServer((down) => {
    accepted++;
    const up = net.connect(Number(port), hostname);
    const pair = [down, up];
    pairs.add(pair);
    const end = () => {
      down.destroy();
      up.destroy();
      pairs.delete(pair);
    };
    for (const socket of pair) {
      socket.on("error", end);
      socket.on("close", end);
    }
    down.pipe(up);
    up.pipe(down);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const dropAll = () => {
    const n = pairs.size;
    for (const [down, up] of pairs) {
      down.destroy();
      up.destroy();
    }
    pairs.clear();
    return n;
  };
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    accepted: () => accepted,
    dropAll,
    close: () => {
      dropAll();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

describe("ConvexClient over the WebSocket sync protocol", () => {
  test("a subscription gets its first result and then another client's write", { timeout: 30_000 }, () =>
    withClients(async (make) => {
      const watcher = make(url, "watcher");
      const writer = make(url, "writer");
      const name = unique("live");
      const sub = watch(watcher, anyApi.demo.get, { name });
      await sub.until((v) => v === 0, 5000, "the first result (0) of demo:get");
      assert.equal(await withTimeout(writer.mutation("demo:increment", { name }), 5000, "demo:increment"), 1);
      await sub.until((v) => v === 1, 5000, "the watcher to see the other client's write (1)");
      assert.deepEqual([...new Set(sub.values)], [0, 1], `only 0 then 1 were ever seen, got ${show(sub.values)}`);
      assert.deepEqual(sub.errors, []);
    }));

  test("a mutation resolves only once its write is visible in the client's subscriptions", { timeout: 30_000 }, () =>
    withClients(async (make) => {
      const client = make();
      const name = unique("ryw");
      const sub = watch(client, "demo:get", { name });
      await sub.until((v) => v === 0, 5000, "the first result (0) of demo:get");
      for (const [by, expected] of [[5, 5], [2, 7], [-3, 4]]) {
        const result = await withTimeout(client.mutation("demo:increment", { name, by }), 5000, "demo:increment");
        // Checked synchronously after the promise resolved: no waiting allowed.
        assert.equal(result, expected);
        assert.equal(sub.unsubscribe.getCurrentValue(), expected, "the local query result already shows the write");
        assert.equal(sub.last(), expected, "the onUpdate callback already saw the write");
        assert.equal(client.connectionState().inflightMutations, 0);
      }
    }));

  test("after unsubscribing, writes no longer reach the callback and the client stays usable", { timeout: 30_000 }, () =>
    withClients(async (make) => {
      const client = make();
      const writer = make(url, "writer");
      const name = unique("unsub");
      const sub = watch(client, "demo:get", { name });
      await sub.until((v) => v === 0, 5000, "the first result (0)");
      await writer.mutation("demo:increment", { name });
      await sub.until((v) => v === 1, 5000, "the write (1)");
      const seen = sub.values.length;
      sub.unsubscribe();
      await writer.mutation("demo:increment", { name });
      await writer.mutation("demo:increment", { name });
      await sleep(700);
      assert.equal(sub.values.length, seen, `no callback after unsubscribing, got ${show(sub.values.slice(seen))}`);
      // The same client subscribes again (same query and args): it sees the current value.
      const again = watch(client, "demo:get", { name });
      await again.until((v) => v === 3, 5000, "a new subscription to see the current value (3)");
      assert.equal(sub.values.length, seen, "the old callback stays silent");
    }));

  test("a failing query reaches onError as a plain Error and a ConvexError keeps its data", { timeout: 30_000 }, () =>
    withClients(async (make) => {
      const client = make();
      const crash = watch(client, "demo:crash", {});
      await waitFor(() => crash.errors.length > 0, 5000, "onError of demo:crash", () => `values ${show(crash.values)}`);
      const [error] = crash.errors;
      assert.ok(error instanceof Error, `expected an Error, got ${error}`);
      assert.ok(!(error instanceof ConvexError), `an internal error is not a ConvexError (data: ${show(error.data)})`);
      assert.match(error.message, /^\[CONVEX Q\(demo:crash\)\] \[Request ID: [0-9a-f]+\] Server Error/);
      assert.ok(!error.message.includes("hunter2"), "internal details stay on the server");
      assert.deepEqual(crash.values, [], "the success callback is never called");

      await assert.rejects(withTimeout(client.mutation("demo:refuse", { max: 3n }), 5000, "demo:refuse"), (e) => {
        assert.ok(e instanceof ConvexError, `expected a ConvexError, got ${e}`);
        assert.deepEqual(e.data, { code: "BAD_INPUT", max: 3n });
        assert.match(e.message, /^\[CONVEX M\(demo:refuse\)\] /);
        return true;
      });
      assert.equal(client.connectionState().inflightMutations, 0);

      // Both failures leave the connection working.
      const name = unique("after-errors");
      const sub = watch(client, "demo:get", { name });
      await client.mutation("demo:increment", { name });
      await sub.until((v) => v === 1, 5000, "a normal query after the failures");
      assert.equal(client.connectionState().connectionCount, 1, "no reconnect was needed");
    }));

  test("a mutation in flight when the connection drops is re-sent and applied exactly once", { timeout: 40_000 }, async () => {
    const proxy = await startProxy(url);
    try {
      await withClients(async (make) => {
        const client = make(proxy.url, "client behind the proxy");
        const name = unique("inflight");
        const sub = watch(client, "demo:get", { name });
        await sub.until((v) => v === 0, 5000, "the first result (0) through the proxy");
        const before = client.connectionState().connectionCount;
        assert.equal(before, 1);

        // The first execution takes 3 s; the client reconnects after at most ~1.5 s of backoff, so the copy it re-sends
        // always arrives while the original is still running (the hardest case for deduplication).
        const delayMs = 3000;
        const started = Date.now();
        const pending = client.mutation("demo:incrementSlowly", { name, delayMs });
        pending.catch(() => {}); // awaited below; avoid an unhandled rejection while we sleep
        await sleep(300);
        assert.ok(
          client.frames.some((f) => f.dir === "C→S" && JSON.parse(f.text).type === "Mutation"),
          "the mutation was sent before the drop",
        );
        assert.equal(client.connectionState().inflightMutations, 1, "the mutation is still in flight at the drop");
        assert.ok(proxy.dropAll() >= 1, "there was a connection to cut");

        assert.equal(await withTimeout(pending, 20_000, "the re-sent mutation to resolve"), 1, "the original result");
        const state = client.connectionState();
        assert.ok(state.connectionCount > before, `the client reconnected (connectionCount ${state.connectionCount})`);
        assert.equal(state.inflightMutations, 0);
        const resent = client.frames.filter((f) => f.dir === "C→S" && JSON.parse(f.text).type === "Mutation");
        assert.ok(resent.length >= 2 && new Set(resent.map((f) => f.n)).size >= 2, "the mutation was re-sent on the new socket");

        // Let a second execution, if any, finish before counting.
        await sleep(Math.max(0, started + delayMs + 2000 - Date.now()));
        assert.equal(await new ConvexHttpClient(url).query("demo:get", { name }), 1, "the write happened exactly once");
        await sub.until((v) => v === 1, 5000, "the subscription on the new socket to show 1");
      });
    } finally {
      await proxy.close();
    }
  });

  test("a paginated subscription loads more pages and grows reactively", { timeout: 60_000 }, () =>
    withClients(async (make) => {
      const client = make();
      const http = new ConvexHttpClient(url);
      const prefix = unique("page");
      for (let i = 0; i < 3; i++) await http.mutation("demo:increment", { name: `${prefix}-${i}` });

      let latest;
      const errors = [];
      const sub = client.onPaginatedUpdate_experimental(
        "demo:listCounters",
        {},
        { initialNumItems: 2 },
        (result) => (latest = result),
        (error) => errors.push(error),
      );
      const settled = (what) =>
        waitFor(
          () => latest && !latest.status.startsWith("Loading") && latest,
          10_000,
          what,
          () => `status ${latest?.status}, ${latest?.results.length} results, errors ${errors.map(String)}`,
        );
      const names = () => latest.results.map((c) => c.name);
      const checkOrder = () => {
        const ids = latest.results.map((c) => c._id);
        assert.equal(new Set(ids).size, ids.length, `no document appears twice: ${show(names())}`);
        const times = latest.results.map((c) => c._creationTime);
        assert.deepEqual(times, [...times].sort((a, b) => a - b), "the pages are in creation order");
      };

      await settled("the first page");
      assert.equal(latest.status, "CanLoadMore");
      assert.equal(latest.results.length, 2, `the first page has initialNumItems items, got ${show(names())}`);
      for (const counter of latest.results) {
        assert.equal(typeof counter.name, "string");
        assert.equal(typeof counter.value, "number");
        assert.equal(typeof counter._id, "string");
        assert.equal(typeof counter._creationTime, "number");
      }
      assert.equal(sub.getCurrentValue().results.length, 2);

      assert.equal(latest.loadMore(2), true, "loadMore accepts");
      await waitFor(() => latest.results.length > 2 && !latest.status.startsWith("Loading"), 10_000, "the second page", () => `status ${latest.status}`);
      assert.ok(latest.results.length <= 4, `two pages of 2 items, got ${latest.results.length}`);
      checkOrder();

      for (let i = 0; latest.status === "CanLoadMore"; i++) {
        assert.ok(i < 100, "the list ends");
        const count = latest.results.length;
        assert.equal(latest.loadMore(200), true);
        await waitFor(() => latest.results.length > count && !latest.status.startsWith("Loading"), 10_000, `page ${i + 3}`, () => `status ${latest.status}`);
      }
      assert.equal(latest.status, "Exhausted");
      checkOrder();
      const mine = [0, 1, 2].map((i) => names().indexOf(`${prefix}-${i}`));
      assert.ok(mine.every((index) => index >= 0), `the three new counters are listed: ${show(mine)}`);
      assert.deepEqual(mine, [...mine].sort((a, b) => a - b), "in the order they were created");

      // A counter created now appears at the end of the (exhausted) last page; an earlier one updates in place.
      await http.mutation("demo:increment", { name: `${prefix}-3` });
      await waitFor(() => names().includes(`${prefix}-3`), 10_000, "the new counter to appear", () => `status ${latest.status}, ${latest.results.length} results`);
      assert.ok(names().indexOf(`${prefix}-3`) > names().indexOf(`${prefix}-2`), "after the ones created before it");
      assert.equal(latest.status, "Exhausted");
      checkOrder();
      await http.mutation("demo:increment", { name: `${prefix}-0`, by: 41 });
      await waitFor(() => latest.results.find((c) => c.name === `${prefix}-0`)?.value === 42, 10_000, "the update of an earlier counter");
      checkOrder();
      assert.deepEqual(errors, []);
      sub();
    }));

  test("an idle connection gets application Pings and is not dropped", { timeout: 30_000 }, () =>
    withClients(async (make) => {
      // The compat run starts servers with POKTAPOK_Sync__PingIntervalSeconds=1.
      const raw = await rawSession();
      try {
        const client = make();
        const sub = watch(client, "demo:get", { name: unique("idle") });
        await sub.until((v) => v === 0, 5000, "the first result");
        const before = client.connectionState().connectionCount;
        const pingsBefore = client.received().filter((m) => m.type === "Ping").length;
        await sleep(4500);
        const pings = raw.inbox.filter((f) => !f.isBinary && JSON.parse(f.text).type === "Ping").length;
        assert.ok(pings >= 3, `a silent raw socket got ${pings} Ping frames in 4.5 s; transcript:\n${raw.transcript()}`);
        assert.ok(raw.inbox.every((f) => JSON.parse(f.text).type === "Ping"), `only Pings were sent to a socket that said nothing:\n${raw.transcript()}`);
        const state = client.connectionState();
        assert.equal(state.connectionCount, before, "the ConvexClient did not reconnect");
        assert.equal(state.isWebSocketConnected, true);
        const clientPings = client.received().filter((m) => m.type === "Ping").length - pingsBefore;
        assert.ok(clientPings >= 3, `the idle ConvexClient got ${clientPings} Pings in 4.5 s`);
      } finally {
        raw.close();
      }
    }));

  test("two server processes sharing one database see each other's writes", { timeout: 60_000 }, (t) => {
    if (!urlB) {
      t.skip("POKTAPOK_URL_B is not set (only the PostgreSQL run starts a second server)");
      return;
    }
    return withClients(async (make) => {
      const onA = make(url, "client on server A");
      const onB = make(urlB, "client on server B");
      const name = unique("two-nodes");
      const subA = watch(onA, "demo:get", { name });
      const subB = watch(onB, "demo:get", { name });
      await subA.until((v) => v === 0, 5000, "A's first result");
      await subB.until((v) => v === 0, 5000, "B's first result");
      const mutationTs = (client) => {
        const responses = client.received().filter((m) => m.type === "MutationResponse" && m.success);
        assert.ok(responses.length > 0, "a successful MutationResponse was received");
        return decodeTs(responses.at(-1).ts);
      };
      const lastTransitionTs = (client) => decodeTs(client.received().filter((m) => m.type === "Transition").at(-1).endVersion.ts);

      // A write through B reaches the subscriber on A; its timestamp is past everything A had served.
      const seenA0 = await queryTs(url);
      const seenB0 = await queryTs(urlB);
      assert.equal(await withTimeout(onB.mutation("demo:increment", { name }), 5000, "the write through B"), 1);
      const tsB = mutationTs(onB);
      assert.ok(tsB > seenA0 && tsB > seenB0, `B's commit ts ${tsB} is after A's ${seenA0} and B's ${seenB0} latest ts`);
      await subA.until((v) => v === 1, 10_000, "A's subscriber to see the write made through B");
      assert.ok(lastTransitionTs(onA) >= tsB, `A's Transition reaches ts ${lastTransitionTs(onA)} ≥ the commit ts ${tsB}`);
      assert.ok((await queryTs(url)) >= tsB, "A's latest ts includes B's commit");

      // And back: a write through A reaches B, with a later timestamp.
      assert.equal(await withTimeout(onA.mutation("demo:increment", { name, by: 10 }), 5000, "the write through A"), 11);
      const tsA = mutationTs(onA);
      assert.ok(tsA > tsB, `A's commit ts ${tsA} is after B's ${tsB}`);
      await subB.until((v) => v === 11, 10_000, "B's subscriber to see the write made through A");
      assert.ok(lastTransitionTs(onB) >= tsA, `B's Transition reaches ts ${lastTransitionTs(onB)} ≥ the commit ts ${tsA}`);
      assert.ok((await queryTs(urlB)) >= tsA, "B's latest ts includes A's commit");
      const [finalA, finalB] = [await queryTs(url), await queryTs(urlB)];
      assert.ok(finalA >= tsA && finalB >= tsA, `both nodes are past the last write: A ${finalA}, B ${finalB}`);
    });
  });

  test("raw frames: versions chain and a MutationResponse precedes the Transition with its write", { timeout: 30_000 }, async () => {
    const s = await rawSession();
    try {
      const name = unique("raw");
      s.send({ connectionCount: 0, lastCloseReason: "InitialConnect", clientTs: Date.now(), type: "Connect", sessionId: randomUUID() });
      s.send({
        type: "ModifyQuerySet",
        baseVersion: 0,
        newVersion: 1,
        modifications: [{ type: "Add", queryId: 0, udfPath: "demo:get", args: [{ name }] }],
      });
      const first = await s.next(5000, "the first Transition");
      assert.equal(first.type, "Transition");
      assert.deepEqual(first.startVersion, { querySet: 0, identity: 0, ts: ZERO_TS });
      assert.equal(first.endVersion.querySet, 1);
      assert.equal(first.endVersion.identity, 0);
      decodeTs(first.endVersion.ts);
      assert.equal(first.modifications.length, 1);
      const [added] = first.modifications;
      assert.equal(added.type, "QueryUpdated");
      assert.equal(added.queryId, 0);
      assert.equal(added.value, 0);
      assert.ok("journal" in added, "QueryUpdated carries a journal (string or null)");
      assert.ok(added.journal === null || typeof added.journal === "string");
      assert.ok(Array.isArray(added.logLines));

      s.send({ type: "Mutation", requestId: 0, udfPath: "demo:increment", args: [{ name }] });
      let version = first.endVersion;
      let response;
      let reached;
      while (!reached) {
        const message = await s.next(5000, response ? "a Transition reaching the mutation's ts" : "the MutationResponse");
        if (message.type === "MutationResponse") {
          assert.equal(response, undefined, "one MutationResponse");
          assert.equal(message.requestId, 0);
          assert.equal(message.success, true);
          assert.equal(message.result, 1);
          assert.ok(Array.isArray(message.logLines));
          response = message;
          continue;
        }
        assert.equal(message.type, "Transition", `unexpected ${message.type}`);
        assert.deepEqual(message.startVersion, version, "each Transition starts where the previous one ended");
        assert.ok(decodeTs(message.endVersion.ts) >= decodeTs(version.ts), "ts never goes backwards");
        const update = message.modifications.find((m) => m.queryId === 0);
        if (!response) {
          assert.notEqual(update?.value, 1, "a Transition showing the write must come after the MutationResponse");
        } else if (decodeTs(message.endVersion.ts) >= decodeTs(response.ts)) {
          assert.equal(update?.type, "QueryUpdated", "the Transition reaching the mutation's ts carries the new result");
          assert.equal(update.value, 1);
          reached = message;
        }
        version = message.endVersion;
      }
      assert.equal(reached.endVersion.querySet, 1);

      s.send({ type: "ModifyQuerySet", baseVersion: 1, newVersion: 2, modifications: [{ type: "Remove", queryId: 0 }] });
      const removed = await s.next(5000, "the Transition after removing the query");
      assert.equal(removed.type, "Transition");
      assert.deepEqual(removed.startVersion, version);
      assert.equal(removed.endVersion.querySet, 2);
      for (const m of removed.modifications) assert.deepEqual(m, { type: "QueryRemoved", queryId: 0 });
    } catch (error) {
      error.message += `\n--- transcript ---\n${s.transcript()}`;
      throw error;
    } finally {
      s.close();
    }
  });
});
