// Type-only: the admin Luma tools (luma/preview, luma/syncAction, luma/sync).
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Id } from "../../../examples/web/convex/_generated/dataModel";

declare const client: ConvexClient;
declare const http: ConvexHttpClient;

type RunStatus = "running" | "success" | "partial" | "failed";

/** "Import from Luma": preview an event URL before creating it. */
export async function preview(url: string): Promise<string> {
  const p = await client.action(api.luma.preview.fetchEvent, { url });
  const title: string | null = p.title;
  const slug: string = p.lumaSlug;
  const start: number | null = p.startDate;
  const timezone: string = p.timezone;
  const type: "in-person" | "virtual" | "hybrid" = p.eventType;
  const registration: "free" | "paid" | "approval" = p.registrationType;
  const hosts: (string | null)[] = p.hosts.map((h) => h.avatarUrl);
  const lat: number | null = p.coordinates === null ? null : p.coordinates.lat;
  console.log(start, timezone, type, registration, hosts, lat);
  return `${title ?? slug} (${p.lumaUrl})`;
}

/** "Sync now", on the configured calendar and on a named one (also through the HTTP client). */
export async function syncNow(): Promise<Id<"luma_sync_runs">> {
  const run = await client.action(api.luma.syncAction.syncCalendar, {});
  const runId: Id<"luma_sync_runs"> = run.runId;
  const status: RunStatus = run.status;
  const counts: number[] = [run.synced, run.seen, run.created, run.updated, run.unchanged, run.errors, run.missing];
  const messages: string[] = run.errorMessages;
  const actions: string[] = run.events.map((e) => `${e.slug}: ${e.action} (${e.title})`);
  const named = await http.action(api.luma.syncAction.syncCalendar, { calendarSlug: "frutero-club" });
  const nullSlug = await client.action(api.luma.syncAction.syncCalendar, { calendarSlug: null });
  console.log(status, counts, messages, actions, run.message, run.source, named.calendarSlug, nullSlug.runId);
  return runId;
}

/** The sync history table. */
export async function runHistory(): Promise<void> {
  const first = await client.query(api.luma.sync.listRuns, { paginationOpts: { numItems: 20, cursor: null } });
  for (const r of first.page) {
    const id: Id<"luma_sync_runs"> = r._id;
    const trigger: "cron" | "admin" | "http" = r.trigger;
    const status: RunStatus = r.status;
    const finishedAt: number | null = r.finishedAt;
    const source: string | null = r.source;
    const error: string | null = r.error;
    console.log(id, trigger, status, finishedAt, source, error, r.synced, r.errorMessages.length);
  }
  if (!first.isDone) {
    const next = await http.query(api.luma.sync.listRuns, { paginationOpts: { numItems: 20, cursor: first.continueCursor } });
    console.log(next.page.length);
  }
}
