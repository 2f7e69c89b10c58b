// The official ConvexHttpClient against a running Poktapok server at POKTAPOK_URL.
// The client is the judge of compatibility: every call here is what a frontend would do.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ConvexHttpClient } from "convex/browser";
import { ConvexError } from "convex/values";
import { anyApi } from "convex/server";

const url = process.env.POKTAPOK_URL;
if (!url) throw new Error("POKTAPOK_URL is not set; ./scripts/test starts a server and sets it");

const api = anyApi;
const client = () => new ConvexHttpClient(url);
const unique = (prefix) => `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2)}`;

test("a mutation commits and a query reads it", async () => {
  const c = client();
  const name = unique("counter");
  assert.equal(await c.mutation(api.demo.increment, { name }), 1);
  assert.equal(await c.mutation(api.demo.increment, { name, by: 4 }), 5);
  assert.equal(await c.query(api.demo.get, { name }), 5);
});

test("an action runs mutations", async () => {
  const c = client();
  const name = unique("action");
  assert.equal(await c.action(api.demo.incrementTwice, { name }), 2);
  assert.equal(await c.query(api.demo.get, { name }), 2);
});

test("every Convex value kind survives a round trip", async () => {
  const bytes = new Uint8Array([0, 1, 2, 255]).buffer;
  const value = {
    int64: 9007199254740993n,
    negative: -1n,
    float: 1.5,
    nan: NaN,
    inf: Infinity,
    negInf: -Infinity,
    negZero: -0,
    bytes,
    text: "héllo \u{1F34D}",
    list: [true, false, null, [1, 2]],
    nested: { deep: { deeper: "yes" } },
  };
  const back = await client().query(api.demo.echo, { value });
  assert.equal(back.int64, 9007199254740993n);
  assert.equal(back.negative, -1n);
  assert.equal(back.float, 1.5);
  assert.ok(Number.isNaN(back.nan));
  assert.equal(back.inf, Infinity);
  assert.equal(back.negInf, -Infinity);
  assert.ok(Object.is(back.negZero, -0));
  assert.ok(back.bytes instanceof ArrayBuffer);
  assert.deepEqual(new Uint8Array(back.bytes), new Uint8Array([0, 1, 2, 255]));
  assert.equal(back.text, "héllo \u{1F34D}");
  assert.deepEqual(back.list, [true, false, null, [1, 2]]);
  assert.deepEqual(back.nested, { deep: { deeper: "yes" } });
});

test("a ConvexError reaches the client with its data", async () => {
  await assert.rejects(client().mutation(api.demo.refuse, { max: 3n }), (error) => {
    assert.ok(error instanceof ConvexError, `expected a ConvexError, got ${error}`);
    assert.equal(error.data.code, "BAD_INPUT");
    assert.equal(error.data.max, 3n);
    return true;
  });
});

test("content rules fail as INVALID_ARGUMENT with every field", async () => {
  await assert.rejects(client().query(api.demo.describe, { title: "abc", count: 11, kind: "virtual" }), (error) => {
    assert.ok(error instanceof ConvexError);
    assert.equal(error.data.code, "INVALID_ARGUMENT");
    assert.deepEqual(Object.keys(error.data.details.fields).sort(), ["count", "title"]);
    return true;
  });
});

test("arguments of the wrong shape are a plain ArgumentValidationError", async () => {
  await assert.rejects(client().query(api.demo.describe, { title: "A title", count: 1, kind: "online" }), (error) => {
    assert.ok(!(error instanceof ConvexError), "a validation error carries no data");
    assert.match(error.message, /ArgumentValidationError: `kind` must be one of/);
    return true;
  });
});

test("a missing function is a function error, as Convex answers it", async () => {
  await assert.rejects(client().query(api.nope.missing, {}), /Could not find public function for 'nope:missing'/);
  await assert.rejects(client().query(api.demo.ping, {}), /Could not find public function for 'demo:ping'/, "internal functions are not public");
  await assert.rejects(client().query(api.nested.module.default, {}), /Could not find public function for 'nested\/module'/);
});

test("an internal error is a generic message with a request id", async () => {
  await assert.rejects(client().query(api.demo.crash, {}), (error) => {
    assert.match(error.message, /^\[Request ID: [0-9a-f]+\] Server Error$/);
    assert.ok(!error.message.includes("hunter2"));
    return true;
  });
});

test("a function path can be a string", async () => {
  const name = unique("string-path");
  await client().mutation("demo:increment", { name });
  assert.equal(await client().query("demo:get", { name }), 1);
});

test("consistentQuery reads every query at one timestamp", async () => {
  const c = client();
  const name = unique("consistent");
  await c.mutation(api.demo.increment, { name });
  assert.equal(await c.consistentQuery(api.demo.get, { name }), 1);
  assert.deepEqual(await c.consistentQuery(api.demo.recentEvents, { limit: 5 }), []);
});
