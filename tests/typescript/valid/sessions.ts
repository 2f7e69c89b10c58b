// Type-only: session pages for members and the admin session editor (sessions module).
import { ConvexClient } from "convex/browser";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Doc, Id } from "../../../examples/web/convex/_generated/dataModel";

declare const client: ConvexClient;

type SessionType = "in-person" | "virtual" | "hybrid";

/** The public calendar of sessions with every filter, with none, with nulls. */
export async function calendar(programId: Id<"programs">): Promise<void> {
  const now = Math.floor(Date.now() / 60000) * 60000;
  const upcoming = await client.query(api.sessions.list, {
    paginationOpts: { numItems: 20, cursor: null },
    programId,
    standalone: false,
    upcoming: true,
    from: now,
  });
  for (const s of upcoming.page) {
    const id: Id<"sessions"> = s._id;
    const type: SessionType = s.sessionType;
    const programName: string | null = s.programName;
    const count: number = s.activityCount;
    console.log(id, type, programName, count, s.sessionDate);
  }
  const all = await client.query(api.sessions.list, { paginationOpts: { numItems: 20, cursor: null } });
  const nulls = await client.query(api.sessions.list, {
    paginationOpts: { numItems: 20, cursor: all.continueCursor },
    programId: null,
    standalone: null,
    upcoming: null,
    from: null,
  });
  const standalone = await client.query(api.sessions.list, { paginationOpts: { numItems: 20, cursor: null }, standalone: true });
  console.log(nulls.isDone, standalone.page.length);
}

/** A session's page: the meeting URL only when the caller may see it. */
export async function sessionPage(sessionId: Id<"sessions">): Promise<string> {
  const { session, activities, userCanAccess } = await client.query(api.sessions.get, { sessionId });
  const meetingUrl: string | null = userCanAccess ? session.meetingUrl : null;
  const duration: string | null = session.duration;
  const programId: Id<"programs"> | null = session.programId;
  const rewards: string[] = activities.map((a) => a.rewardPulpaAmount);
  console.log(duration, programId, rewards);
  return `${session.title} ${meetingUrl ?? "(link for enrolled members)"}`;
}

/** A program's sessions for enrolled members, with and without options. */
export async function programSessions(programId: Id<"programs">): Promise<void> {
  const next = await client.query(api.sessions.listForProgram, {
    programId,
    upcoming: true,
    from: Date.UTC(2026, 10, 26, 12, 0),
    limit: 5,
  });
  const locations: (string | null)[] = next.sessions.map((s) => s.location);
  const all = await client.query(api.sessions.listForProgram, { programId });
  const nullFrom = await client.query(api.sessions.listForProgram, { programId, upcoming: false, from: null });
  console.log(locations, all.sessions.length, nullFrom.sessions.length);
}

/** Admin: sessions list, one session, create (full, minimal, nulls), update, remove. */
export async function adminSessions(programId: Id<"programs">, instructor: Id<"users">): Promise<Id<"sessions">> {
  const list = await client.query(api.sessions.adminList, {
    paginationOpts: { numItems: 50, cursor: null },
    programId,
    standalone: false,
  });
  for (const s of list.page) {
    const attendance: number = s.attendanceCount;
    const instructors: string[] | null = s.instructors;
    const materials: { title: string; url: string; type: string | null }[] | null = s.materials;
    console.log(attendance, instructors, materials);
  }
  const all = await client.query(api.sessions.adminList, { paginationOpts: { numItems: 50, cursor: null } });
  const nulls = await client.query(api.sessions.adminList, {
    paginationOpts: { numItems: 50, cursor: all.continueCursor },
    programId: null,
    standalone: null,
  });
  const created = await client.mutation(api.sessions.create, {
    title: "Intro to zero-knowledge proofs",
    sessionType: "hybrid",
    sessionDate: Date.UTC(2027, 0, 14, 1, 0),
    programId,
    description: "Circuits, witnesses and why they matter.",
    duration: "2h",
    location: "https://meet.example.com/zk-intro",
    instructors: [instructor],
    materials: [
      { title: "Slides", url: "https://slides.example.com/zk", type: "slides" },
      { title: "Repo", url: "https://github.com/fruteroclub/zk-intro" },
      { title: "Reading", url: "https://zkp.example.com", type: null },
    ],
    isActive: true,
  });
  const doc: Doc<"sessions"> = created.session;
  const minimal = await client.mutation(api.sessions.create, {
    title: "Open office hours",
    sessionType: "virtual",
    sessionDate: Date.UTC(2027, 0, 20, 0, 0),
  });
  const nullFields = await client.mutation(api.sessions.create, {
    title: "Demo day",
    sessionType: "in-person",
    sessionDate: Date.UTC(2027, 3, 6, 23, 0),
    programId: null,
    description: null,
    duration: null,
    location: null,
    instructors: null,
    materials: null,
  });
  const sessionId: Id<"sessions"> = doc._id;
  const detail = await client.query(api.sessions.adminGet, { sessionId });
  const programName: string | null = detail.session.program === null ? null : detail.session.program.name;
  const moved = await client.mutation(api.sessions.update, { sessionId, sessionDate: Date.UTC(2027, 0, 15, 1, 0) });
  const full = await client.mutation(api.sessions.update, {
    sessionId,
    programId: null,
    title: "ZK proofs 101",
    description: null,
    sessionType: "virtual",
    duration: null,
    location: null,
    instructors: [instructor],
    materials: [{ title: "Slides v2", url: "https://slides.example.com/zk2", type: null }],
    isActive: false,
  });
  // An edit form sends back the instructors it read: the stored ids are users' ids.
  const kept = await client.mutation(api.sessions.update, { sessionId, instructors: detail.session.instructors ?? [] });
  const removed = await client.mutation(api.sessions.remove, { sessionId: minimal.session._id });
  console.log(nulls.isDone, nullFields.session.location, programName, moved.session.sessionDate, full.session.isActive);
  console.log(removed.session._id, kept.session.instructors);
  return sessionId;
}

/** Admin: link, list and unlink the activities of a session. */
export async function sessionActivities(sessionId: Id<"sessions">, activityId: Id<"activities">): Promise<void> {
  const linked = await client.mutation(api.sessions.linkActivity, { sessionId, activityId, orderIndex: 0 });
  const link: Doc<"session_activities"> = linked.link;
  const plain = await client.mutation(api.sessions.linkActivity, { sessionId, activityId });
  const nullIndex = await client.mutation(api.sessions.linkActivity, { sessionId, activityId, orderIndex: null });
  const { activities } = await client.query(api.sessions.listActivities, { sessionId });
  for (const row of activities) {
    const id: Id<"session_activities"> = row._id;
    const order: number | null = row.orderIndex;
    const type: string = row.activity.activityType;
    console.log(id, order, type, row.activity.title);
  }
  const unlinked = await client.mutation(api.sessions.unlinkActivity, { sessionId, activityId });
  console.log(link.orderIndex, plain.link._id, nullIndex.link.orderIndex, unlinked.link.sessionId);
}
