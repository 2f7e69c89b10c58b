// Type-only: the admin user pages and dashboards (admin, stats and files modules).
import { ConvexClient } from "convex/browser";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Doc, Id } from "../../../examples/web/convex/_generated/dataModel";

declare const client: ConvexClient;

type Role = "member" | "moderator" | "admin";
type AccountStatus = "incomplete" | "pending" | "active" | "suspended" | "banned";

/** The users table with every filter and sort, with none, with nulls. */
export async function usersTable(): Promise<Id<"users">[]> {
  const filtered = await client.query(api.admin.listUsers, {
    paginationOpts: { numItems: 50, cursor: null },
    search: "ana",
    role: "moderator",
    accountStatus: "active",
    sortBy: "totalEarnings",
    sortOrder: "desc",
  });
  for (const u of filtered.page) {
    const role: Role = u.role;
    const status: AccountStatus = u.accountStatus;
    const earnings: string = u.stats.totalEarnings;
    const approved: number = u.stats.approvedCount;
    const tracks: ("ai" | "crypto" | "privacy")[] | null = u.profile === null ? null : u.profile.learningTracks;
    console.log(role, status, earnings, approved, tracks);
  }
  const all = await client.query(api.admin.listUsers, { paginationOpts: { numItems: 50, cursor: null } });
  const nulls = await client.query(api.admin.listUsers, {
    paginationOpts: { numItems: 50, cursor: all.continueCursor },
    search: null,
    role: null,
    accountStatus: null,
    sortBy: "username",
    sortOrder: "asc",
  });
  const byDate = await client.query(api.admin.listUsers, {
    paginationOpts: { numItems: 50, cursor: null },
    accountStatus: "banned",
    sortBy: "createdAt",
  });
  console.log(nulls.isDone, byDate.page.length);
  return filtered.page.map((u) => u._id);
}

/** One user's admin page. */
export async function userDetail(userId: Id<"users">): Promise<string> {
  const { user } = await client.query(api.admin.getUser, { userId });
  const deletedAt: number | null = user.deletedAt;
  const profile: Doc<"profiles"> | null = user.profile;
  const rejected: number = user.stats.rejectedCount;
  const pending: number = user.stats.pendingCount;
  for (const s of user.recentSubmissions) {
    const id: Id<"activity_submissions"> = s._id;
    const activity: Id<"activities"> = s.activityId;
    const status: "pending" | "under_review" | "approved" | "rejected" | "revision_requested" | "distributed" = s.status;
    const reward: string | null = s.rewardPulpaAmount;
    console.log(id, activity, s.activityTitle, status, reward);
  }
  console.log(deletedAt, profile, rejected, pending);
  return user.username ?? user.email ?? user._id;
}

/** The pending-users queue. */
export async function pendingUsers(): Promise<void> {
  const first = await client.query(api.admin.listPendingUsers, { paginationOpts: { numItems: 25, cursor: null } });
  for (const row of first.page) {
    const user: Id<"users"> = row.user._id;
    const status: AccountStatus = row.user.accountStatus;
    const profile: Doc<"profiles"> | null = row.profile;
    const application: Doc<"applications"> | null = row.application;
    console.log(user, status, profile, application === null ? null : application.motivationText);
  }
}

/** Moderation actions: approve, reject (closes), restore, set role and status, each with and without notes. */
export async function moderate(userId: Id<"users">): Promise<void> {
  const approved = await client.mutation(api.admin.approveUser, { userId, reviewNotes: "Welcome!" });
  const active: AccountStatus = approved.accountStatus;
  const approvedPlain = await client.mutation(api.admin.approveUser, { userId });
  const rejected = await client.mutation(api.admin.rejectUser, { userId, reviewNotes: null });
  const closed: boolean = rejected.closed;
  const rejectedPlain = await client.mutation(api.admin.rejectUser, { userId, reviewNotes: "Spam account." });
  const restored = await client.mutation(api.admin.restoreUser, { userId });
  const restoredId: Id<"users"> = restored.userId;
  const promoted = await client.mutation(api.admin.setRole, { userId, role: "moderator", reason: "Runs the CDMX meetups" });
  const oldRole: Role = promoted.oldRole;
  const newRole: Role = promoted.newRole;
  const demoted = await client.mutation(api.admin.setRole, { userId, role: "member" });
  const nullReason = await client.mutation(api.admin.setRole, { userId, role: "admin", reason: null });
  const suspended = await client.mutation(api.admin.setStatus, {
    userId,
    accountStatus: "suspended",
    reason: "Repeated spam submissions",
  });
  const oldStatus: AccountStatus = suspended.oldStatus;
  const newStatus: AccountStatus = suspended.newStatus;
  const reason: string | null = suspended.reason;
  const banned = await client.mutation(api.admin.setStatus, { userId, accountStatus: "banned", reason: "Fraud" });
  const reactivated = await client.mutation(api.admin.setStatus, { userId, accountStatus: "active" });
  const nullStatusReason = await client.mutation(api.admin.setStatus, { userId, accountStatus: "active", reason: null });
  console.log(active, approvedPlain.userId, closed, rejectedPlain.accountStatus, restoredId, oldRole, newRole);
  console.log(demoted.updatedAt, nullReason.newRole, oldStatus, newStatus, reason, banned.updatedAt);
  console.log(reactivated.newStatus, nullStatusReason.reason);
}

/** The landing page counters and the admin dashboard. */
export async function dashboards(): Promise<void> {
  const pub = await client.query(api.stats.public, {});
  const counts: number[] = [pub.members, pub.projects, pub.upcomingEvents, pub.activeActivities, pub.programs];
  const s = await client.query(api.stats.admin, {});
  const pendingUsers: number = s.users.byStatus.pending;
  const admins: number = s.users.byRole.admin;
  const closed: number = s.users.closed;
  const applications: number = s.applications.pending;
  const underReview: number = s.submissions.underReview;
  const drafts: number = s.activities.byStatus.draft;
  const live: number = s.events.live;
  const unpublished: number = s.events.unpublished;
  const lastRun: Doc<"luma_sync_runs"> | null = s.luma.lastRun;
  const lastStatus: "running" | "success" | "partial" | "failed" | null = lastRun === null ? null : lastRun.status;
  console.log(counts, pendingUsers, admins, closed, applications, underReview, drafts, live, unpublished, lastStatus);
}

/** A stored file's public URL (null when it is gone). */
export async function fileUrl(storageId: Id<"_storage">): Promise<string> {
  const url: string | null = await client.query(api.files.getUrl, { storageId });
  const uploadUrl: string = await client.mutation(api.files.generateUploadUrl, {});
  console.log(uploadUrl);
  return url ?? "/placeholder.png";
}
