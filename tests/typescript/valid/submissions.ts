// Type-only: submitting evidence, "my submissions" and the admin review queue (submissions module).
import { ConvexClient } from "convex/browser";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Id } from "../../../examples/web/convex/_generated/dataModel";

declare const client: ConvexClient;
/** POSTs the bytes to an upload URL from files:generateUploadUrl and returns the `storageId` it answers. */
declare function uploadTo(uploadUrl: string, file: Blob): Promise<Id<"_storage">>;

type SubmissionStatus = "pending" | "under_review" | "approved" | "rejected" | "revision_requested" | "distributed";

/** Submit with a URL and text; with an uploaded screenshot; with nulls. */
export async function submitEvidence(activityId: Id<"activities">, screenshot: Blob): Promise<Id<"activity_submissions">> {
  const linked = await client.mutation(api.submissions.submit, {
    activityId,
    submissionUrl: "https://github.com/fruteroclub/poktapok/pull/42",
    submissionText: "Fixed the pagination of the directory.",
  });
  const id: Id<"activity_submissions"> = linked._id;
  const forActivity: Id<"activities"> = linked.activityId;
  const status: SubmissionStatus = linked.status;
  const submittedAt: number = linked.submittedAt;
  const storageId = await uploadTo(await client.mutation(api.files.generateUploadUrl, {}), screenshot);
  const withFile = await client.mutation(api.submissions.submit, {
    activityId,
    evidenceFiles: [
      { filename: "merged.png", size: 48213, type: "image/png", storageId },
      { filename: "tweet.jpg", size: 10240, type: "image/jpeg", url: "https://images.example.com/tweet.jpg", storageId: null },
      { filename: "notes.webp", size: 2048, type: "image/webp", url: null },
    ],
  });
  const withNulls = await client.mutation(api.submissions.submit, {
    activityId,
    submissionUrl: null,
    submissionText: "My write-up is in the text.",
    evidenceFiles: null,
  });
  console.log(forActivity, status, submittedAt, withFile._id, withNulls.status);
  return id;
}

/** "My submissions", filtered and not, and one submission's page. */
export async function mySubmissions(): Promise<void> {
  const pending = await client.query(api.submissions.listMine, {
    paginationOpts: { numItems: 20, cursor: null },
    status: "revision_requested",
  });
  for (const s of pending.page) {
    const title: string = s.activity.title;
    const reward: string | null = s.rewardPulpaAmount;
    const notes: string | null = s.reviewNotes;
    const files: (string | null)[] = s.evidenceFiles.map((f) => f.url);
    console.log(title, reward, notes, files);
  }
  const all = await client.query(api.submissions.listMine, { paginationOpts: { numItems: 20, cursor: null } });
  const nulls = await client.query(api.submissions.listMine, {
    paginationOpts: { numItems: 20, cursor: all.continueCursor },
    status: null,
  });
  console.log(all.isDone, nulls.page.length);
}

export async function submissionPage(submissionId: Id<"activity_submissions">): Promise<string> {
  const s = await client.query(api.submissions.get, { submissionId });
  const status: SubmissionStatus = s.status;
  const reviewedBy: Id<"users"> | null = s.reviewedByUserId;
  const size: number | null = s.evidenceFiles.length > 0 ? s.evidenceFiles[0].size : null;
  const metadata: Record<string, unknown> | undefined = s.metadata;
  const type: string = s.activity.activityType;
  console.log(reviewedBy, size, metadata, type);
  return `${s.activity.title}: ${status}`;
}

/** Admin: the review queue with every filter and sort, with none, with nulls; and the stats. */
export async function reviewQueue(activityId: Id<"activities">, userId: Id<"users">): Promise<void> {
  const filtered = await client.query(api.submissions.adminList, {
    paginationOpts: { numItems: 50, cursor: null },
    status: "pending",
    activityId,
    userId,
    sort: "reward_amount_desc",
  });
  for (const row of filtered.page) {
    const id: Id<"activity_submissions"> = row.submission._id;
    const wallet: string | null = row.user.appWallet;
    const email: string | null = row.user.email;
    const reward: string = row.activity.rewardPulpaAmount;
    console.log(id, wallet, email, reward);
  }
  const all = await client.query(api.submissions.adminList, { paginationOpts: { numItems: 50, cursor: null } });
  const nulls = await client.query(api.submissions.adminList, {
    paginationOpts: { numItems: 50, cursor: null },
    status: null,
    activityId: null,
    userId: null,
    sort: "submitted_at_asc",
  });
  const stats = await client.query(api.submissions.adminStats, {});
  const counts: number[] = [stats.pending, stats.underReview, stats.revisionRequested, stats.approvedToday];
  console.log(all.isDone, nulls.page.length, counts);
}

/** Admin: approve (with and without overrides), reject, request a revision. */
export async function review(submissionId: Id<"activity_submissions">): Promise<void> {
  const approved = await client.mutation(api.submissions.approve, {
    submissionId,
    rewardPulpaAmount: "30.5",
    reviewNotes: "Great PR, merged.",
    score: 90,
  });
  const reward: string = approved.rewardPulpaAmount;
  const status: SubmissionStatus = approved.status;
  const plain = await client.mutation(api.submissions.approve, { submissionId });
  const nulls = await client.mutation(api.submissions.approve, {
    submissionId,
    rewardPulpaAmount: null,
    reviewNotes: null,
    score: null,
  });
  const rejected = await client.mutation(api.submissions.reject, {
    submissionId,
    reviewNotes: "The link points to an unrelated repository.",
  });
  const revision = await client.mutation(api.submissions.requestRevision, {
    submissionId,
    reviewNotes: "Please add a screenshot of the merged PR.",
  });
  const revised: SubmissionStatus = revision.status;
  const revisedId: Id<"activity_submissions"> = revision._id;
  console.log(reward, status, plain._id, nulls.rewardPulpaAmount, rejected.status, revised, revisedId);
}
