// Type-only: the invite page and redeeming an invite link (invitations module).
import { ConvexClient } from "convex/browser";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Id } from "../../../examples/web/convex/_generated/dataModel";

declare const client: ConvexClient;

export async function invitePage(): Promise<string> {
  const created = await client.mutation(api.invitations.create, {});
  const invitationId: Id<"invitations"> = created.invitationId;
  const code: string = created.inviteCode;
  const expiresAt: number = created.expiresAt;
  const list = await client.query(api.invitations.listMine, { limit: 20 });
  for (const invitation of list.invitations) {
    const status: "pending" | "redeemed" | "expired" = invitation.status;
    const redeemer: string | null = invitation.redeemer === null ? null : invitation.redeemer.username;
    const redeemedAt: number | null = invitation.redeemedAt;
    console.log(status, redeemer, redeemedAt);
  }
  const all = await client.query(api.invitations.listMine, {});
  const left: number = all.limit - all.used;
  const revoked = await client.mutation(api.invitations.revoke, { invitationId });
  const revokedId: Id<"invitations"> = revoked.invitationId;
  console.log(expiresAt, left, revokedId);
  return `https://poktapok.example.com/invite/${code}`;
}

/** /invite/:code — validate it for anyone, then redeem it when signed in. */
export async function redeemLink(inviteCode: string): Promise<string | null> {
  const check = await client.query(api.invitations.validate, { inviteCode });
  const valid: boolean = check.valid;
  if (!valid) {
    const reason: string | undefined = check.reason;
    console.log(reason);
    return null;
  }
  const inviterName: string | null = check.inviter === null ? null : check.inviter.displayName;
  const redeemed = await client.mutation(api.invitations.redeem, { inviteCode });
  const invitationId: Id<"invitations"> = redeemed.invitationId;
  const inviter: Id<"users"> = redeemed.inviter._id;
  const avatar: string | null = redeemed.inviter.avatarUrl;
  console.log(invitationId, inviter, avatar);
  return inviterName;
}
