// Type-only: the sign-in, onboarding and account screens of a frontend calling the users module.
import { ConvexClient } from "convex/browser";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Doc, Id } from "../../../examples/web/convex/_generated/dataModel";

declare const client: ConvexClient;
/** POSTs the bytes to an upload URL from files:generateUploadUrl and returns the `storageId` it answers. */
declare function uploadTo(uploadUrl: string, file: Blob): Promise<Id<"_storage">>;

type Role = "member" | "moderator" | "admin";
type AccountStatus = "incomplete" | "pending" | "active" | "suspended" | "banned";
type AuthMethod = "email" | "wallet" | "social";

/** Privy email login with every optional argument given; the result is the signed-in user. */
export async function loginWithEmail(): Promise<Id<"users">> {
  const result = await client.mutation(api.users.login, {
    email: "ana@frutero.club",
    appWallet: "0x52908400098527886E0F7030069857D2E4169EE7",
    extWallet: null,
    primaryAuthMethod: "email",
    loginMethod: "email",
  });
  const isNew: boolean = result.isNew;
  const userId: Id<"users"> = result.user._id;
  const created: number = result.user._creationTime;
  const email: string | null = result.user.email;
  const role: Role = result.user.role;
  const status: AccountStatus = result.user.accountStatus;
  const method: AuthMethod = result.user.primaryAuthMethod;
  const lastLogin: number = result.user.lastLoginAt;
  const profile: Doc<"profiles"> | null = result.profile;
  if (isNew && profile === null) {
    console.log(`welcome ${email ?? "new member"} (${role}, ${status}, ${method}) at ${created}, ${lastLogin}`);
  }
  return userId;
}

/** Wallet (SIWE) login giving only some arguments, and a bare login leaving every argument out. */
export async function loginWithWallet(): Promise<void> {
  const wallet = await client.mutation(api.users.login, {
    extWallet: "0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B",
    primaryAuthMethod: "wallet",
    loginMethod: "siwe",
  });
  const appWallet: string | null = wallet.user.appWallet;
  const extWallet: string | null = wallet.user.extWallet;
  const bare = await client.mutation(api.users.login, {});
  const username: string | null = bare.user.username;
  const nullMethod = await client.mutation(api.users.login, { primaryAuthMethod: null, loginMethod: null, email: null });
  const displayName: string | null = nullMethod.user.displayName;
  console.log(appWallet, extWallet, username, displayName);
}

/** The header: who is signed in (null before the first login or for a closed account). */
export async function currentUser(): Promise<string> {
  const me = await client.query(api.users.me, {});
  if (me === null) {
    return "signed out";
  }
  const id: Id<"users"> = me.user._id;
  const bio: string | null = me.user.bio;
  const avatarUrl: string | null = me.user.avatarUrl;
  const city: string | null = me.profile === null ? null : me.profile.city;
  return `${id} ${bio ?? ""} ${avatarUrl ?? ""} ${city ?? ""}`;
}

/** Onboarding step 1: pick a username (checked live), then save the account fields. */
export async function chooseUsername(candidate: string): Promise<void> {
  const check = await client.query(api.users.checkUsername, { username: candidate });
  const available: boolean = check.available;
  if (!available) {
    const reason: string | undefined = check.reason;
    console.log(`taken: ${reason ?? "unknown"}`);
    return;
  }
  const updated = await client.mutation(api.users.updateMe, {
    username: candidate,
    email: "ana.lopez@example.com",
    displayName: "Ana López",
    bio: "Builder from CDMX, learning zk.",
    avatarUrl: "https://images.example.com/ana.png",
  });
  const username: string | null = updated.user.username;
  const status: AccountStatus = updated.user.accountStatus;
  console.log(username, status);
}

/** Account settings: clear nullable fields with null; change only one field. */
export async function clearBio(): Promise<void> {
  const cleared = await client.mutation(api.users.updateMe, { displayName: null, bio: null, avatarUrl: null });
  const bio: string | null = cleared.user.bio;
  const partial = await client.mutation(api.users.updateMe, { displayName: "Ana" });
  const lastLoginAt: number = partial.user.lastLoginAt;
  console.log(bio, lastLoginAt);
}

/** Avatar upload: upload URL, POST the bytes, attach the stored file; then remove it with null. */
export async function uploadAvatar(file: Blob): Promise<string | null> {
  const uploadUrl: string = await client.mutation(api.files.generateUploadUrl, {});
  const storageId = await uploadTo(uploadUrl, file);
  const set = await client.mutation(api.users.setAvatar, { storageId });
  const avatarUrl: string | null = set.avatarUrl;
  const removed = await client.mutation(api.users.setAvatar, { storageId: null });
  const afterRemove: string | null = removed.avatarUrl;
  return avatarUrl ?? afterRemove;
}
