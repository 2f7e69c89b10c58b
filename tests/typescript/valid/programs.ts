// Type-only: program pages for members and the admin program editor (programs module).
import { ConvexClient } from "convex/browser";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Doc, Id } from "../../../examples/web/convex/_generated/dataModel";

declare const client: ConvexClient;

type ProgramType = "cohort" | "evergreen";

/** The public program list and one program's page. */
export async function publicPrograms(): Promise<Id<"programs"> | null> {
  const limited = await client.query(api.programs.listActive, { limit: 10 });
  const { programs } = await client.query(api.programs.listActive, {});
  const types: ProgramType[] = limited.programs.map((p) => p.programType);
  const first = programs[0];
  if (first === undefined) {
    return null;
  }
  const startDate: number | null = first.startDate;
  const page = await client.query(api.programs.get, { programId: first._id });
  const isActive: boolean = page.program.isActive;
  const totals: number[] = [page.stats.totalEnrollments, page.stats.totalSessions, page.stats.totalActivities];
  for (const session of page.sessions) {
    const id: Id<"sessions"> = session._id;
    const activityCount: number = session.activityCount;
    const description: string | null = session.description;
    console.log(id, activityCount, description);
  }
  for (const activity of page.activities) {
    const id: Id<"activities"> = activity._id;
    const reward: string = activity.rewardPulpaAmount;
    const difficulty: "beginner" | "intermediate" | "advanced" = activity.difficulty;
    console.log(id, reward, difficulty);
  }
  console.log(types, startDate, isActive, totals);
  return first._id;
}

/** The enrolled member's dashboard for a program. */
export async function dashboard(programId: Id<"programs">): Promise<string> {
  const d = await client.query(api.programs.myDashboard, { programId });
  const enrollment: Id<"program_enrollments"> = d.enrollment._id;
  const status: "enrolled" | "completed" | "dropped" = d.enrollment.status;
  const promotedAt: number | null = d.enrollment.promotedAt;
  const goal: string | null = d.application === null ? null : d.application.goal;
  const appStatus: "pending" | "approved" | "rejected" | null = d.application === null ? null : d.application.status;
  const programType: ProgramType = d.program.programType;
  const accountStatus: "incomplete" | "pending" | "active" | "suspended" | "banned" = d.user.accountStatus;
  const present: number = d.stats.attendance.present;
  const approved: number = d.stats.submissions.approved;
  const quality: number = d.stats.qualityScore;
  console.log(enrollment, status, promotedAt, goal, appStatus, programType, accountStatus, approved, quality);
  return `${d.program.name}: ${present}/${d.stats.attendance.total} sessions`;
}

/** Admin: list, show, create (full, minimal, nulls), update, archive. */
export async function adminPrograms(): Promise<Id<"programs">> {
  const all = await client.query(api.programs.adminList, {});
  const activeOnly = await client.query(api.programs.adminList, { includeInactive: false, limit: 50 });
  const docs: Doc<"programs">[] = all.programs.concat(activeOnly.programs);
  const cohort = await client.mutation(api.programs.create, {
    name: "Cohort 2027-1",
    description: "Twelve weeks of building with AI, crypto and privacy tech.",
    programType: "cohort",
    startDate: Date.UTC(2027, 0, 12),
    endDate: Date.UTC(2027, 3, 6),
    isActive: true,
    maxEnrollments: 40,
  });
  const evergreen = await client.mutation(api.programs.create, {
    name: "Open Builders",
    description: "Always-on track for members shipping side projects.",
    programType: "evergreen",
  });
  const nulls = await client.mutation(api.programs.create, {
    name: "Hack Week",
    description: "One week, one project.",
    programType: "evergreen",
    startDate: null,
    endDate: null,
    maxEnrollments: null,
  });
  const programId: Id<"programs"> = cohort.program._id;
  const detail = await client.query(api.programs.adminGet, { programId });
  const stats = detail.program.stats;
  const rates: number[] = [stats.averageCompletionRate, stats.directActivities, stats.transitiveActivities];
  const metadata: Record<string, unknown> = detail.program.metadata;
  const renamed = await client.mutation(api.programs.update, { programId, name: "Cohort 2027-A" });
  const full = await client.mutation(api.programs.update, {
    programId,
    description: "Twelve weeks of building.",
    programType: "cohort",
    startDate: Date.UTC(2027, 0, 19),
    endDate: Date.UTC(2027, 3, 13),
    isActive: false,
    maxEnrollments: null,
  });
  const archived = await client.mutation(api.programs.archive, { programId: evergreen.program._id });
  const inactive: boolean = archived.program.isActive;
  console.log(docs.length, nulls.program.maxEnrollments, rates, metadata, renamed.program.name, full.program.endDate, inactive);
  return programId;
}

/** Admin: the activities linked to a program: link, reorder, unlink. */
export async function programActivities(programId: Id<"programs">, activityId: Id<"activities">): Promise<void> {
  const linked = await client.mutation(api.programs.linkActivity, { programId, activityId, isRequired: true, orderIndex: 0 });
  const link: Doc<"program_activities"> = linked.link;
  const plain = await client.mutation(api.programs.linkActivity, { programId, activityId });
  const nullIndex = await client.mutation(api.programs.linkActivity, { programId, activityId, orderIndex: null });
  const moved = await client.mutation(api.programs.updateActivityLink, { programId, activityId, orderIndex: 3 });
  const unordered = await client.mutation(api.programs.updateActivityLink, {
    programId,
    activityId,
    isRequired: false,
    orderIndex: null,
  });
  const unchanged = await client.mutation(api.programs.updateActivityLink, { programId, activityId });
  const { activities } = await client.query(api.programs.listActivities, { programId });
  for (const row of activities) {
    const id: Id<"program_activities"> = row._id;
    const required: boolean = row.isRequired;
    const order: number | null = row.orderIndex;
    const status: "draft" | "active" | "paused" | "completed" | "cancelled" = row.activity.status;
    const deletedAt: number | null = row.activity.deletedAt;
    console.log(id, required, order, status, deletedAt);
  }
  const unlinked = await client.mutation(api.programs.unlinkActivity, { programId, activityId });
  const removed: Id<"program_activities"> = unlinked.link._id;
  console.log(link.isRequired, plain.link.orderIndex, nullIndex.link.createdAt, moved.link.orderIndex);
  console.log(unordered.link.isRequired, unchanged.link.activityId, removed);
}
