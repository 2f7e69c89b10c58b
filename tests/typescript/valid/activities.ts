// Type-only: the public activity board and the admin activity pages calling the activities module.
import { ConvexClient } from "convex/browser";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Doc, Id } from "../../../examples/web/convex/_generated/dataModel";

declare const client: ConvexClient;

type ActivityType =
  | "github_commit"
  | "x_post"
  | "photo"
  | "video"
  | "blog_post"
  | "workshop_completion"
  | "build_in_public"
  | "code_review"
  | "custom";
type ActivityStatus = "draft" | "active" | "paused" | "completed" | "cancelled";
type Difficulty = "beginner" | "intermediate" | "advanced";

/** The public board with every filter, without filters, and with null filters. */
export async function board(): Promise<void> {
  const filtered = await client.query(api.activities.list, {
    paginationOpts: { numItems: 20, cursor: null },
    type: "github_commit",
    category: "open-source",
    difficulty: "beginner",
    status: "active",
    search: "first PR",
  });
  for (const activity of filtered.page) {
    const id: Id<"activities"> = activity._id;
    const reward: string = activity.rewardPulpaAmount;
    const type: ActivityType = activity.activityType;
    const status: ActivityStatus = activity.status;
    const slots: number | null = activity.totalAvailableSlots;
    const urlRequired: boolean = activity.evidenceRequirements.urlRequired;
    console.log(id, reward, type, status, slots, urlRequired);
  }
  const all = await client.query(api.activities.list, { paginationOpts: { numItems: 20, cursor: null } });
  const next = all.isDone
    ? null
    : await client.query(api.activities.list, {
        paginationOpts: { numItems: 20, cursor: all.continueCursor },
        status: "completed",
      });
  const nulls = await client.query(api.activities.list, {
    paginationOpts: { numItems: 20, cursor: null },
    type: null,
    category: null,
    difficulty: null,
    search: null,
  });
  console.log(next?.page.length, nulls.page.length);
}

/** The activity page: the activity, whether I submitted, and the slots left (null = unlimited). */
export async function activityPage(activityId: Id<"activities">): Promise<string> {
  const { activity, userHasSubmitted, mySubmissionCount, slotsLeft } = await client.query(api.activities.get, {
    activityId,
  });
  const doc: Doc<"activities"> = activity;
  const submitted: boolean = userHasSubmitted;
  const count: number = mySubmissionCount;
  const slots: string = slotsLeft === null ? "unlimited" : String(slotsLeft);
  const instructions: string | null = doc.instructions;
  const expiresAt: number | null = doc.expiresAt;
  console.log(submitted, count, instructions, expiresAt);
  return `${doc.title}: ${slots}`;
}

/** Admin: the full list (deleted included), stats, every filter; and the default list. */
export async function adminBoard(): Promise<void> {
  const filtered = await client.query(api.activities.adminList, {
    paginationOpts: { numItems: 50, cursor: null },
    status: "draft",
    type: "blog_post",
    category: "writing",
    difficulty: "intermediate",
    search: "zk",
    includeDeleted: true,
  });
  const deletedAt: (number | null)[] = filtered.page.map((a) => a.deletedAt);
  const all = await client.query(api.activities.adminList, { paginationOpts: { numItems: 50, cursor: null } });
  const nulls = await client.query(api.activities.adminList, {
    paginationOpts: { numItems: 50, cursor: null },
    status: null,
    type: null,
    category: null,
    difficulty: null,
    search: null,
    includeDeleted: false,
  });
  const stats = await client.query(api.activities.adminStats, {});
  const counts: number[] = [stats.total, stats.draft, stats.active, stats.paused, stats.completed, stats.cancelled];
  console.log(deletedAt, all.isDone, nulls.continueCursor, counts);
}

/** Admin: create an activity with every field, then a minimal one. */
export async function createActivity(): Promise<Id<"activities">> {
  const full: Doc<"activities"> = await client.mutation(api.activities.create, {
    title: "Ship your first open-source PR",
    description: "Open a pull request to any Frutero Club repository and get it merged by a maintainer.",
    activityType: "github_commit",
    difficulty: "beginner",
    rewardPulpaAmount: "25.5",
    evidenceRequirements: { urlRequired: true, screenshotRequired: false, textRequired: true },
    instructions: "Link the merged PR and describe what you changed.",
    category: "open-source",
    verificationType: "hybrid",
    maxSubmissionsPerUser: 1,
    totalAvailableSlots: 50,
    startsAt: Date.UTC(2026, 11, 1),
    expiresAt: Date.UTC(2026, 11, 31),
    status: "active",
  });
  const verification: "manual" | "automatic" | "hybrid" = full.verificationType;
  const creator: Id<"users"> = full.createdByUserId;
  const minimal = await client.mutation(api.activities.create, {
    title: "Post about your week",
    description: "Share what you built this week on X with the #fruteroclub tag.",
    activityType: "x_post",
    difficulty: "beginner",
    rewardPulpaAmount: "5",
    evidenceRequirements: { urlRequired: true },
  });
  const draft: ActivityStatus = minimal.status;
  const unlimited = await client.mutation(api.activities.create, {
    title: "Record a workshop recap",
    description: "Record a two minute video recap of the last workshop session for newcomers.",
    activityType: "video",
    difficulty: "advanced",
    rewardPulpaAmount: "40.00000001",
    evidenceRequirements: {},
    instructions: null,
    category: null,
    maxSubmissionsPerUser: null,
    totalAvailableSlots: null,
    startsAt: null,
    expiresAt: null,
  });
  console.log(verification, creator, draft, unlimited.currentSubmissionsCount);
  return full._id;
}

/** Admin: partial edits (one field, clearing limits with null, every field), then delete. */
export async function editActivity(activityId: Id<"activities">): Promise<void> {
  const paused: Doc<"activities"> = await client.mutation(api.activities.update, { activityId, status: "paused" });
  const cleared = await client.mutation(api.activities.update, {
    activityId,
    instructions: null,
    category: null,
    maxSubmissionsPerUser: null,
    totalAvailableSlots: null,
    startsAt: null,
    expiresAt: null,
  });
  const everything = await client.mutation(api.activities.update, {
    activityId,
    title: "Ship your first merged PR",
    description: "Open a pull request to any Frutero Club repository and get it merged by a maintainer.",
    activityType: "code_review",
    difficulty: "advanced",
    rewardPulpaAmount: "30",
    evidenceRequirements: { screenshotRequired: true },
    verificationType: "manual",
    status: "cancelled",
  });
  const removed = await client.mutation(api.activities.remove, { activityId });
  const removedId: Id<"activities"> = removed.activityId;
  console.log(paused.status, cleared.expiresAt, everything.updatedAt, removedId);
}
