// Type-only: the earnings card and the admin distribution pages (pulpa module).
import { ConvexClient } from "convex/browser";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Id } from "../../../examples/web/convex/_generated/dataModel";

declare const client: ConvexClient;

type DistributionStatus = "pending" | "processing" | "completed" | "failed" | "cancelled";
type Method = "manual" | "smart_contract" | "claim_portal";

export async function earningsCard(): Promise<string> {
  const e = await client.query(api.pulpa.myEarnings, {});
  const total: string = e.totalPulpaEarned;
  const completed: number = e.activitiesCompleted;
  const pending: string = e.pendingReward;
  const distributed: string = e.distributed;
  return `${total} PULPA (${completed} activities; ${pending} pending, ${distributed} paid)`;
}

export async function distributions(userId: Id<"users">): Promise<void> {
  const filtered = await client.query(api.pulpa.listDistributions, {
    paginationOpts: { numItems: 25, cursor: null },
    status: "failed",
    userId,
  });
  for (const d of filtered.page) {
    const id: Id<"pulpa_distributions"> = d._id;
    const amount: string = d.pulpaAmount;
    const chain: number = d.chainId;
    const hash: string | null = d.transactionHash;
    const method: Method = d.distributionMethod;
    const who: string | null = d.user === undefined ? null : d.user.username;
    console.log(id, amount, chain, hash, method, who);
  }
  const all = await client.query(api.pulpa.listDistributions, { paginationOpts: { numItems: 25, cursor: null } });
  const nulls = await client.query(api.pulpa.listDistributions, {
    paginationOpts: { numItems: 25, cursor: all.continueCursor },
    status: null,
    userId: null,
  });
  console.log(all.isDone, nulls.page.length);
}

/** Admin: record a payout (explicit wallet and hash; defaults; nulls), then move it through its states. */
export async function payout(submissionId: Id<"activity_submissions">): Promise<void> {
  const recorded = await client.mutation(api.pulpa.recordDistribution, {
    submissionId,
    distributionMethod: "smart_contract",
    recipientWallet: "0x52908400098527886E0F7030069857D2E4169EE7",
    chainId: 10,
    transactionHash: "0x" + "ab".repeat(32),
  });
  const id: Id<"pulpa_distributions"> = recorded._id;
  const status: DistributionStatus = recorded.status;
  const retries: number = recorded.retryCount;
  const byDefault = await client.mutation(api.pulpa.recordDistribution, { submissionId, distributionMethod: "manual" });
  const nulls = await client.mutation(api.pulpa.recordDistribution, {
    submissionId,
    distributionMethod: "claim_portal",
    recipientWallet: null,
    transactionHash: null,
  });
  const processing = await client.mutation(api.pulpa.updateDistribution, { distributionId: id, status: "processing" });
  const done = await client.mutation(api.pulpa.updateDistribution, {
    distributionId: id,
    status: "completed",
    transactionHash: "0x" + "cd".repeat(32),
    errorMessage: null,
  });
  const confirmedAt: number | null = done.confirmedAt;
  const failed = await client.mutation(api.pulpa.updateDistribution, {
    distributionId: byDefault._id,
    status: "failed",
    errorMessage: "RPC timeout",
    transactionHash: null,
  });
  const error: string | null = failed.errorMessage;
  console.log(status, retries, nulls.recipientWallet, processing.status, confirmedAt, error);
}
