// Type-only: the runtime's demo module as the client-compatibility suite and the docs' guide call it.
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Doc, Id } from "../../../examples/web/convex/_generated/dataModel";

declare const client: ConvexClient;
declare const http: ConvexHttpClient;

export async function counters(): Promise<number> {
  const value: number = await client.query(api.demo.get, { name: "visits" });
  const plusOne: number = await client.mutation(api.demo.increment, { name: "visits" });
  const plusTen: number = await client.mutation(api.demo.increment, { name: "visits", by: 10 });
  const slow: number = await client.mutation(api.demo.incrementSlowly, { name: "visits", delayMs: 250 });
  const twice: number = await client.action(api.demo.incrementTwice, { name: "visits" });
  const both: null = await client.mutation(api.demo.incrementTwoCounters, { first: "left", second: "right" });
  const reset: Doc<"demo_counters"> = await client.mutation(api.demo.reset, { name: "visits" });
  const resetValue: number = reset.value;
  const badly: Record<string, unknown> = await client.mutation(api.demo.incrementBadly, { name: "visits" });
  const greeting: string = await client.query(api.demo.greeting, { name: "visits" });
  console.log(plusOne, plusTen, slow, twice, both, resetValue, badly, greeting);
  return value;
}

export async function pagesOfCounters(): Promise<string[]> {
  const first = await client.query(api.demo.listCounters, { paginationOpts: { numItems: 10, cursor: null } });
  const names: string[] = first.page.map((c) => c.name);
  const next = first.isDone
    ? null
    : await http.query(api.demo.listCounters, { paginationOpts: { numItems: 10, cursor: first.continueCursor } });
  console.log(next?.page.length);
  return names;
}

export async function values(): Promise<void> {
  const echoed: unknown = await client.query(api.demo.echo, { value: { n: 1, big: 2n, bytes: new ArrayBuffer(4), list: [null, true, "x"] } });
  const described: string = await client.query(api.demo.describe, { title: "Demo day", count: 2, kind: "in-person" });
  const withNote: string = await client.query(api.demo.describe, { title: "Build night", count: 3, kind: "virtual", note: "bring a laptop" });
  const nullNote: string = await client.query(api.demo.describe, { title: "Hybrid AMA", count: 1, kind: "hybrid", note: null });
  const crash: bigint = await client.query(api.demo.crash, {});
  const refused: bigint = await client.mutation(api.demo.refuse, { max: 10n });
  const tried: number = await client.query(api.demo.tryWrite, {});
  const survived: string = await client.query(api.demo.surviveDatabaseError, {});
  const whoAmI: string = await client.query(api.demo.whoAmI, {});
  const whoRanMe: string = await client.mutation(api.demo.whoRanMe, {});
  const recent: Doc<"events">[] = await client.query(api.demo.recentEvents, { limit: 100 });
  const defaultRecent = await http.query(api.demo.recentEvents, {});
  console.log(echoed, described, withNote, nullNote, crash, refused, tried, survived, whoAmI, whoRanMe, recent, defaultRecent.length);
}

export async function jobs(): Promise<void> {
  // The job id a mutation returns is the id the job functions take back.
  const scheduled: Id<"_scheduled_functions"> = await client.mutation(api.demo.scheduleIncrement, { name: "visits", delayMs: 60_000n });
  const withOptions: string = await client.mutation(api.demo.scheduleIncrement, {
    name: "visits",
    delayMs: 0n,
    by: 5,
    thenFail: false,
  });
  const slow: Id<"_scheduled_functions"> = await client.mutation(api.demo.scheduleSlowIncrement, { name: "visits", delayMs: 1000n, pauseMs: 500 });
  const failing: string = await client.mutation(api.demo.scheduleFailure, {});
  const job = await client.query(api.demo.job, { jobId: scheduled });
  if (job !== null) {
    const path: string = job.functionPath;
    const state: string = job.state;
    const error: string | null = job.error;
    const cron: string | null = job.cronName;
    const scheduledFor: number = job.scheduledFor;
    const startedAt: number | null = job.startedAt;
    const completedAt: number | null = job.completedAt;
    console.log(path, state, error, cron, scheduledFor, startedAt, completedAt);
  }
  const cancelled: boolean = await client.mutation(api.demo.cancelJob, { jobId: slow });
  console.log(scheduled, withOptions, slow, failing, cancelled);
}
