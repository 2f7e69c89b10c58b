// Type-only: the membership application and its admin review (applications module).
import { ConvexClient } from "convex/browser";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Doc, Id } from "../../../examples/web/convex/_generated/dataModel";

declare const client: ConvexClient;

type ApplicationStatus = "pending" | "approved" | "rejected";

/** Onboarding step 3: apply to a program with every field; or with only the required ones; or with nulls. */
export async function apply(programId: Id<"programs">): Promise<Id<"applications">> {
  const { application } = await client.mutation(api.applications.submit, {
    goal: "Ship a zk app by the end of the cohort",
    motivationText: "I want to learn privacy tech with people who build every week.",
    programId,
    githubUsername: "ana-lopez",
    twitterUsername: "analopez",
    telegramUsername: "ana_builds",
    linkedinUrl: "https://linkedin.com/in/ana-lopez",
  });
  const doc: Doc<"applications"> = application;
  const status: ApplicationStatus = doc.status;
  const minimal = await client.mutation(api.applications.submit, {
    goal: "Learn Solidity",
    motivationText: "Friends from the club recommended it.",
  });
  const nulls = await client.mutation(api.applications.submit, {
    goal: "Learn Solidity",
    motivationText: "Friends from the club recommended it.",
    programId: null,
    githubUsername: null,
    twitterUsername: null,
    telegramUsername: null,
    linkedinUrl: null,
  });
  const noProgram: Id<"programs"> | null = nulls.application.programId;
  console.log(status, minimal.application.createdAt, noProgram);
  return doc._id;
}

/** The "my application" card (null before applying). */
export async function myApplication(): Promise<string> {
  const mine = await client.query(api.applications.mine, {});
  if (mine === null) {
    return "not applied";
  }
  const status: ApplicationStatus = mine.status;
  const goal: string | null = mine.goal;
  const programName: string | null = mine.program === null ? null : mine.program.name;
  const reviewedAt: number | null = mine.reviewedAt;
  console.log(goal, reviewedAt);
  return `${status} ${programName ?? "no program"}`;
}

/** Admin: list (filtered, unfiltered, nulls), stats, one application, review with each decision. */
export async function adminApplications(programId: Id<"programs">): Promise<void> {
  const pending = await client.query(api.applications.adminList, {
    paginationOpts: { numItems: 30, cursor: null },
    status: "pending",
    programId,
  });
  for (const row of pending.page) {
    const id: Id<"applications"> = row.application._id;
    const email: string | null = row.user === null ? null : row.user.email;
    const city: string | null = row.profile === null ? null : row.profile.city;
    const program: string | null = row.program === null ? null : row.program.name;
    console.log(id, email, city, program);
  }
  const all = await client.query(api.applications.adminList, { paginationOpts: { numItems: 30, cursor: null } });
  const nulls = await client.query(api.applications.adminList, {
    paginationOpts: { numItems: 30, cursor: all.continueCursor },
    status: null,
    programId: null,
  });
  const stats = await client.query(api.applications.adminStats, {});
  const counts: number[] = [stats.total, stats.recentCount, stats.byStatus.pending, stats.byStatus.approved, stats.byStatus.rejected];
  console.log(nulls.isDone, counts);
}

export async function reviewApplication(applicationId: Id<"applications">): Promise<void> {
  const detail = await client.query(api.applications.adminGet, { applicationId });
  const motivation: string = detail.application.motivationText;
  const userStatus: "incomplete" | "pending" | "active" | "suspended" | "banned" = detail.user.accountStatus;
  const deletedAt: number | null = detail.user.deletedAt;
  const profile: Doc<"profiles"> | null = detail.profile;
  const program: Doc<"programs"> | null = detail.program;
  const reviewer: string | null = detail.reviewer === null ? null : detail.reviewer.username;
  const invitedBy: Id<"users"> | null = detail.invitedBy === null ? null : detail.invitedBy._id;
  console.log(motivation, userStatus, deletedAt, profile, program, reviewer, invitedBy);

  const approved = await client.mutation(api.applications.review, {
    applicationId,
    decision: "approve",
    reviewNotes: "Strong motivation.",
  });
  const status: ApplicationStatus = approved.application.status;
  const guest = await client.mutation(api.applications.review, { applicationId, decision: "approve_guest" });
  const member = await client.mutation(api.applications.review, {
    applicationId,
    decision: "approve_member",
    reviewNotes: null,
  });
  const rejected = await client.mutation(api.applications.review, {
    applicationId,
    decision: "reject",
    reviewNotes: "Please apply again next cohort.",
  });
  const notes: string | null = rejected.application.reviewNotes;
  console.log(status, guest.application.reviewedAt, member.application.reviewedByUserId, notes);
}
