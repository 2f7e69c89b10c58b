import { useState, type ChangeEvent } from "react";
import { useConvexAuth, useMutation, useQuery } from "convex/react";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { useDevToken } from "../auth";
import { ErrorNote } from "../errors";

/** The signed-in member's own account (users:me, live) and avatar upload. */
export function Profile() {
  const { token } = useDevToken();
  const { isLoading, isAuthenticated } = useConvexAuth();
  if (!token)
    return (
      <p>
        You are not signed in. <a href="#/sign-in">Sign in</a>.
      </p>
    );
  if (isLoading) return <p>Signing in…</p>;
  if (!isAuthenticated)
    return <ErrorNote error={{ code: "UNAUTHENTICATED", message: "The server refused your token; sign in again." }} />;
  return <MyProfile />;
}

function MyProfile() {
  const me = useQuery(api.users.me, {});
  if (me === undefined) return <p>Loading your profile…</p>;
  // users:login (App's useLoginOnce) creates the account; this query shows it as soon as that commits.
  if (me === null) return <p>Creating your account…</p>;
  const { user } = me;
  return (
    <section aria-label="Your profile">
      <h2>{user.displayName ?? user.username ?? "Your profile"}</h2>
      {user.avatarUrl ? (
        <img className="avatar" src={user.avatarUrl} alt="Your avatar" data-testid="avatar" />
      ) : (
        <span className="avatar placeholder-avatar" aria-label="No avatar yet" />
      )}
      <dl>
        <dt>Username</dt>
        <dd data-testid="username">{user.username ?? "—"}</dd>
        <dt>Email</dt>
        <dd data-testid="email">{user.email ?? "—"}</dd>
        <dt>Display name</dt>
        <dd data-testid="display-name">{user.displayName ?? "—"}</dd>
        <dt>Account</dt>
        <dd data-testid="account-status">
          {user.accountStatus} ({user.role})
        </dd>
      </dl>
      <AvatarUpload hasAvatar={user.avatarUrl != null} />
    </section>
  );
}

/** generateUploadUrl → POST the raw bytes → setAvatar({storageId}); users:me then pushes the new URL. */
function AvatarUpload({ hasAvatar }: { hasAvatar: boolean }) {
  const generateUploadUrl = useMutation(api.files.generateUploadUrl);
  const setAvatar = useMutation(api.users.setAvatar);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function run(work: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const upload = (file: File) =>
    run(async () => {
      const uploadUrl = await generateUploadUrl({});
      const response = await fetch(uploadUrl, { method: "POST", headers: { "Content-Type": file.type }, body: file });
      // The storage routes answer {storageId} or {code, message}.
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) throw body ?? { code: `HTTP_${response.status}`, message: response.statusText };
      const { storageId } = body as { storageId: Id<"_storage"> };
      await setAvatar({ storageId });
    });

  function onChange(e: ChangeEvent<HTMLInputElement>) {
    const file = e.currentTarget.files?.[0];
    e.currentTarget.value = "";
    if (file) void upload(file);
  }

  return (
    <div>
      <label>
        Avatar image (PNG, JPEG, WebP or GIF, up to 5 MiB){" "}
        <input type="file" accept="image/png,image/jpeg,image/webp,image/gif" onChange={onChange} disabled={busy} />
      </label>
      {hasAvatar ? (
        <button type="button" disabled={busy} onClick={() => void run(() => setAvatar({ storageId: null }))}>
          Remove avatar
        </button>
      ) : null}
      {busy ? <p>Uploading…</p> : null}
      {error ? <ErrorNote error={error} /> : null}
    </div>
  );
}
