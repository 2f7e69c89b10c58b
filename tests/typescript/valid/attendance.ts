// Type-only: marking attendance and "my attendance" (attendance module).
import { ConvexClient } from "convex/browser";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Doc, Id } from "../../../examples/web/convex/_generated/dataModel";

declare const client: ConvexClient;

type AttendanceStatus = "present" | "absent" | "excused";

/** Admin: the roll call of a session, then mark people one status at a time and in bulk. */
export async function rollCall(sessionId: Id<"sessions">): Promise<number> {
  const { session, users } = await client.query(api.attendance.forSession, { sessionId });
  const programId: Id<"programs"> | null = session.programId;
  const userIds: Id<"users">[] = users.map((row) => row.user._id);
  for (const row of users) {
    const accountStatus: "incomplete" | "pending" | "active" | "suspended" | "banned" = row.user.accountStatus;
    const enrollment: "enrolled" | "completed" | "dropped" | null = row.enrollment === null ? null : row.enrollment.status;
    const attendance: Doc<"attendance"> | null = row.attendance;
    const status: AttendanceStatus | null = attendance === null ? null : attendance.status;
    const markedBy: string | null = row.markedBy === null ? null : row.markedBy.username;
    const profile: Id<"profiles"> | null = row.profile === null ? null : row.profile._id;
    console.log(accountStatus, enrollment, status, markedBy, profile);
  }
  const present = await client.mutation(api.attendance.mark, {
    sessionId,
    userIds,
    status: "present",
    notes: "Checked in at the door",
  });
  const absent = await client.mutation(api.attendance.mark, { sessionId, userIds: userIds.slice(0, 1), status: "absent" });
  const nullNotes = await client.mutation(api.attendance.mark, { sessionId, userIds, status: "excused", notes: null });
  const bulk = await client.mutation(api.attendance.markBulk, {
    sessionId,
    records: [
      { userId: userIds[0], status: "present" },
      { userId: userIds[1], status: "excused", notes: "Sick, sent a recap" },
      { userId: userIds[2], status: "absent", notes: null },
    ],
  });
  const marked: number = present.marked + absent.marked + nullNotes.marked + bulk.marked;
  console.log(programId, session.title, session.sessionDate);
  return marked;
}

/** The member's own attendance, for one program and overall. */
export async function myAttendance(programId: Id<"programs">): Promise<void> {
  const forProgram = await client.query(api.attendance.mine, {
    paginationOpts: { numItems: 30, cursor: null },
    programId,
  });
  for (const a of forProgram.page) {
    const status: AttendanceStatus = a.status;
    const title: string | null = a.session === null ? null : a.session.title;
    const markedAt: number = a.markedAt;
    console.log(status, title, markedAt);
  }
  const all = await client.query(api.attendance.mine, { paginationOpts: { numItems: 30, cursor: null } });
  const nulls = await client.query(api.attendance.mine, {
    paginationOpts: { numItems: 30, cursor: all.continueCursor },
    programId: null,
  });
  console.log(nulls.isDone);
}
