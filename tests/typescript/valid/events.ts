// Type-only: the landing page's events and the admin event editor (events module).
import { ConvexClient } from "convex/browser";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Doc, Id } from "../../../examples/web/convex/_generated/dataModel";

declare const client: ConvexClient;

type EventStatus = "upcoming" | "live" | "past" | "cancelled";
type EventType = "in-person" | "virtual" | "hybrid";

function describeEvent(event: Doc<"events">): string {
  const id: Id<"events"> = event._id;
  const title: string = event.title;
  const start: number = event.startDate;
  const end: number | null = event.endDate;
  const status: EventStatus = event.status;
  const type: EventType = event.eventType;
  const where: string = event.location ?? (event.coordinates === null ? "online" : `${event.coordinates.lat},${event.coordinates.lng}`);
  const hosts: string[] = (event.hosts ?? []).map((h) => h.handle ?? h.name);
  const registration: "free" | "paid" | "approval" | null = event.registrationType;
  const capacity: number | null = event.maxCapacity;
  return `${id} ${title} ${start}-${end ?? "?"} ${status} ${type} ${where} ${hosts.join(", ")} ${registration} ${capacity}`;
}

/** The landing page: published events (live list), with every filter and with defaults. */
export async function landing(): Promise<string[]> {
  const upcoming: Doc<"events">[] = await client.query(api.events.listPublished, { status: "upcoming", featured: true, limit: 6 });
  const defaults = await client.query(api.events.listPublished, {});
  const pastNullFeatured = await client.query(api.events.listPublished, { status: "past", featured: null });
  const unsubscribe = client.onUpdate(api.events.listPublished, { status: "live" }, (events) => {
    const titles: string[] = events.map((e) => e.title);
    console.log(titles);
  });
  unsubscribe();
  return upcoming.concat(defaults, pastNullFeatured).map(describeEvent);
}

/** The paged events list with every filter, with none, with nulls. */
export async function eventsList(programId: Id<"programs">): Promise<void> {
  const filtered = await client.query(api.events.list, {
    paginationOpts: { numItems: 12, cursor: null },
    status: "all",
    featured: false,
    programId,
  });
  const all = await client.query(api.events.list, { paginationOpts: { numItems: 12, cursor: null } });
  const nulls = await client.query(api.events.list, {
    paginationOpts: { numItems: 12, cursor: all.continueCursor },
    status: "past",
    featured: null,
    programId: null,
  });
  console.log(filtered.page.map(describeEvent), all.isDone, nulls.page.length);
}

/** /events/:id and /events/luma/:slug. */
export async function eventPage(eventId: Id<"events">, lumaSlug: string): Promise<string> {
  const event: Doc<"events"> = await client.query(api.events.get, { eventId });
  const bySlug: Doc<"events"> | null = await client.query(api.events.getByLumaSlug, { lumaSlug });
  const lumaUrl: string = event.lumaUrl;
  return bySlug === null ? lumaUrl : describeEvent(bySlug);
}

/** Admin: list with every filter, with none, with nulls; and one event. */
export async function adminEvents(programId: Id<"programs">, eventId: Id<"events">): Promise<void> {
  const unpublished = await client.query(api.events.adminList, {
    paginationOpts: { numItems: 50, cursor: null },
    status: "cancelled",
    programId,
    published: false,
  });
  const all = await client.query(api.events.adminList, { paginationOpts: { numItems: 50, cursor: null } });
  const nulls = await client.query(api.events.adminList, {
    paginationOpts: { numItems: 50, cursor: all.continueCursor },
    status: "upcoming",
    programId: null,
    published: null,
  });
  const { event } = await client.query(api.events.adminGet, { eventId });
  const metadata: Record<string, unknown> = event.metadata;
  const published: boolean = event.isPublished;
  console.log(unpublished.page.length, nulls.isDone, metadata, published);
}

/** Admin: create from a Luma preview (every field), a minimal one, one with nulls. */
export async function createEvents(programId: Id<"programs">): Promise<Id<"events">> {
  const preview = await client.action(api.luma.preview.fetchEvent, { url: "https://lu.ma/frutero-demo-day" });
  const full = await client.mutation(api.events.create, {
    title: preview.title ?? "Frutero Demo Day",
    lumaUrl: preview.lumaUrl,
    startDate: preview.startDate ?? Date.UTC(2027, 3, 6, 23, 0),
    description: preview.description,
    coverImage: preview.coverImage,
    lumaEventId: preview.lumaEventId,
    lumaSlug: preview.lumaSlug,
    eventType: preview.eventType,
    endDate: preview.endDate,
    timezone: preview.timezone,
    location: preview.location,
    locationDetails: "Piso 3, sala grande",
    locationUrl: "https://maps.example.com/?q=frutero",
    coordinates: preview.coordinates,
    hosts: preview.hosts,
    calendar: preview.calendar,
    programId,
    isPublished: true,
    isFeatured: true,
    registrationCount: 0,
    maxCapacity: 120,
    registrationType: preview.registrationType,
  });
  const created: Doc<"events"> = full.event;
  const minimal = await client.mutation(api.events.create, {
    title: "Friday build night",
    lumaUrl: "https://lu.ma/friday-build-night",
    startDate: Date.UTC(2026, 11, 4, 1, 0),
  });
  const nulls = await client.mutation(api.events.create, {
    title: "Online AMA",
    lumaUrl: "https://lu.ma/online-ama",
    startDate: Date.UTC(2026, 11, 10, 18, 0),
    description: null,
    coverImage: null,
    lumaEventId: null,
    lumaSlug: null,
    eventType: "virtual",
    endDate: null,
    timezone: null,
    location: null,
    locationDetails: null,
    locationUrl: null,
    coordinates: null,
    hosts: null,
    calendar: null,
    programId: null,
    maxCapacity: null,
    registrationType: "approval",
    status: null,
  });
  const cancelled = await client.mutation(api.events.create, {
    title: "Cancelled meetup",
    lumaUrl: "https://lu.ma/cancelled-meetup",
    startDate: Date.UTC(2026, 11, 12, 1, 0),
    status: "cancelled",
    hosts: [{ name: "Ana López", handle: "analopez" }, { name: "Frutero Club", avatarUrl: null, handle: null }],
    coordinates: { lat: 19.4326, lng: -99.1332 },
  });
  console.log(minimal.event.status, nulls.event.timezone, cancelled.event.status);
  return created._id;
}

/** Admin: partial edits (one field; every field; clearing with null), then delete. */
export async function editEvent(eventId: Id<"events">, programId: Id<"programs">): Promise<boolean> {
  const featured = await client.mutation(api.events.update, { eventId, isFeatured: true });
  const all = await client.mutation(api.events.update, {
    eventId,
    title: "Frutero Demo Day 2027",
    description: "Cohort projects on stage.",
    coverImage: "https://images.example.com/demo-day.png",
    lumaUrl: "https://lu.ma/frutero-demo-day",
    lumaEventId: "evt-abc123",
    lumaSlug: "frutero-demo-day",
    eventType: "hybrid",
    startDate: Date.UTC(2027, 3, 6, 23, 0),
    endDate: Date.UTC(2027, 3, 7, 2, 0),
    timezone: "America/Mexico_City",
    location: "Frutero HQ, CDMX",
    locationDetails: "Piso 3",
    locationUrl: "https://maps.example.com/?q=frutero",
    coordinates: { lat: 19.4326, lng: -99.1332 },
    hosts: [{ name: "Ana López", avatarUrl: "https://images.example.com/ana.png", handle: "analopez" }],
    calendar: "frutero-club",
    programId,
    isPublished: true,
    isFeatured: false,
    registrationCount: 87,
    maxCapacity: 150,
    registrationType: "free",
    status: "cancelled",
  });
  const cleared = await client.mutation(api.events.update, {
    eventId,
    description: null,
    coverImage: null,
    lumaEventId: null,
    lumaSlug: null,
    endDate: null,
    location: null,
    locationDetails: null,
    locationUrl: null,
    coordinates: null,
    calendar: null,
    programId: null,
    maxCapacity: null,
    status: null,
  });
  const { deleted } = await client.mutation(api.events.remove, { eventId });
  const wasDeleted: boolean = deleted;
  console.log(featured.event.isFeatured, all.event.updatedAt, cleared.event.status);
  return wasDeleted;
}
