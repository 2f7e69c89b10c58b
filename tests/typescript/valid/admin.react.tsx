// Type-only: admin user and application pages with convex/react hooks.
import { usePaginatedQuery, useQuery, useMutation } from "convex/react";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Id } from "../../../examples/web/convex/_generated/dataModel";

export function UsersTable() {
  const { results, status, loadMore } = usePaginatedQuery(
    api.admin.listUsers,
    { role: "member", sortBy: "createdAt", sortOrder: "desc" },
    { initialNumItems: 10 },
  );
  const setStatus = useMutation(api.admin.setStatus);
  const stats = useQuery(api.stats.admin);
  return (
    <table>
      <caption>{stats === undefined ? "" : `${stats.users.byStatus.active} active`}</caption>
      <tbody>
        {results.map((u) => (
          <tr key={u._id}>
            <td>{u.username ?? u.email ?? u._id}</td>
            <td>{u.stats.totalEarnings}</td>
            <td>
              <button onClick={() => void setStatus({ userId: u._id, accountStatus: "suspended", reason: "Spam" })}>
                Suspend
              </button>
            </td>
          </tr>
        ))}
      </tbody>
      {status === "CanLoadMore" && <button onClick={() => loadMore(10)}>More</button>}
    </table>
  );
}

export function PendingUsers() {
  const { results } = usePaginatedQuery(api.admin.listPendingUsers, {}, { initialNumItems: 10 });
  const approve = useMutation(api.admin.approveUser);
  const reject = useMutation(api.admin.rejectUser);
  return (
    <ul>
      {results.map(({ user, application }) => (
        <li key={user._id}>
          {user.username} — {application?.goal ?? "no application"}
          <button onClick={() => void approve({ userId: user._id })}>Approve</button>
          <button onClick={() => void reject({ userId: user._id, reviewNotes: "Not a fit this time." })}>Reject</button>
        </li>
      ))}
    </ul>
  );
}

export function Applications(props: { programId: Id<"programs"> | null }) {
  const { results } = usePaginatedQuery(
    api.applications.adminList,
    { status: "pending", programId: props.programId },
    { initialNumItems: 10 },
  );
  const stats = useQuery(api.applications.adminStats);
  const mine = useQuery(api.applications.mine);
  const review = useMutation(api.applications.review);
  return (
    <section>
      <h2>{stats?.byStatus.pending ?? 0} pending</h2>
      <p>{mine === undefined || mine === null ? "" : `My application: ${mine.status}`}</p>
      {results.map(({ application, user, program }) => (
        <div key={application._id}>
          {user?.displayName ?? "?"} for {program?.name ?? "no program"}
          <button onClick={() => void review({ applicationId: application._id, decision: "approve" })}>Approve</button>
        </div>
      ))}
    </section>
  );
}

export function MyInvites() {
  const list = useQuery(api.invitations.listMine, {});
  const create = useMutation(api.invitations.create);
  return (
    <section>
      <button onClick={() => void create().then(({ inviteCode }) => console.log(inviteCode))}>New invite</button>
      {list?.invitations.map((i) => <p key={i._id}>{i.inviteCode}: {i.status}</p>)}
    </section>
  );
}
