// Type-only: "my programs" and the admin enrollment pages (enrollments module).
import { ConvexClient } from "convex/browser";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Doc, Id } from "../../../examples/web/convex/_generated/dataModel";

declare const client: ConvexClient;

type EnrollmentStatus = "enrolled" | "completed" | "dropped";

export async function myPrograms(): Promise<string[]> {
  const { enrollments } = await client.query(api.enrollments.mine, {});
  return enrollments.map((e) => {
    const status: EnrollmentStatus = e.status;
    const type: "cohort" | "evergreen" = e.program.programType;
    const active: boolean = e.program.isActive;
    const completedAt: number | null = e.completedAt;
    return `${e.program.name} (${type}${active ? "" : ", closed"}): ${status} ${completedAt ?? ""}`;
  });
}

/** Admin: a program's roster, filtered and not; enroll (full, minimal, nulls); update; remove. */
export async function roster(programId: Id<"programs">, userId: Id<"users">): Promise<Id<"program_enrollments">> {
  const enrolled = await client.query(api.enrollments.listForProgram, {
    paginationOpts: { numItems: 50, cursor: null },
    programId,
    status: "enrolled",
  });
  for (const e of enrolled.page) {
    const id: Id<"program_enrollments"> = e._id;
    const application: Id<"applications"> | null = e.applicationId;
    const email: string | null = e.user === null ? null : e.user.email;
    console.log(id, application, email, e.enrolledAt);
  }
  const all = await client.query(api.enrollments.listForProgram, { paginationOpts: { numItems: 50, cursor: null }, programId });
  const nulls = await client.query(api.enrollments.listForProgram, {
    paginationOpts: { numItems: 50, cursor: all.continueCursor },
    programId,
    status: null,
  });
  console.log(nulls.isDone);

  const created = await client.mutation(api.enrollments.create, {
    programId,
    userId,
    status: "completed",
    enrolledAt: Date.UTC(2026, 0, 12),
    completedAt: Date.UTC(2026, 3, 6),
  });
  const doc: Doc<"program_enrollments"> = created.enrollment;
  const minimal = await client.mutation(api.enrollments.create, { programId, userId });
  const nullDates = await client.mutation(api.enrollments.create, {
    programId,
    userId,
    status: "enrolled",
    enrolledAt: null,
    completedAt: null,
  });
  const enrollmentId: Id<"program_enrollments"> = minimal.enrollment._id;
  const dropped = await client.mutation(api.enrollments.update, { enrollmentId, status: "dropped" });
  const reopened = await client.mutation(api.enrollments.update, { enrollmentId, status: "enrolled", completedAt: null });
  const completed = await client.mutation(api.enrollments.update, { enrollmentId, completedAt: Date.UTC(2026, 4, 1) });
  const removed = await client.mutation(api.enrollments.remove, { enrollmentId: nullDates.enrollment._id });
  const removedStatus: EnrollmentStatus = removed.enrollment.status;
  console.log(doc.completedAt, dropped.enrollment.status, reopened.enrollment.updatedAt, completed.enrollment.completedAt, removedStatus);
  return enrollmentId;
}

/** Admin: eligibility for promotion, then promote (with notes and override, and plain). */
export async function promotion(enrollmentId: Id<"program_enrollments">): Promise<void> {
  const e = await client.query(api.enrollments.eligibility, { enrollmentId });
  const eligible: boolean = e.isEligible;
  const c = e.criteria;
  const progress: number[] = [c.attendanceCount, c.attendanceRequired, c.submissionCount, c.submissionRequired, c.qualityScore, c.qualityRequired];
  const reasons: string[] = e.reasons;
  console.log(progress, reasons);
  const result = eligible
    ? await client.mutation(api.enrollments.promote, { enrollmentId })
    : await client.mutation(api.enrollments.promote, {
        enrollmentId,
        promotionNotes: "Led two workshops; attendance waived.",
        override: true,
      });
  const nullNotes = await client.mutation(api.enrollments.promote, { enrollmentId, promotionNotes: null, override: false });
  const promotedAt: number | null = result.enrollment.promotedAt;
  const userStatus: "incomplete" | "pending" | "active" | "suspended" | "banned" = result.user.accountStatus;
  const deletedAt: number | null = result.user.deletedAt;
  console.log(promotedAt, userStatus, deletedAt, nullNotes.user.role);
}
