// Type-only: activity board, submissions and PULPA pages with convex/react hooks.
import { usePaginatedQuery, useQuery, useMutation } from "convex/react";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Doc, Id } from "../../../examples/web/convex/_generated/dataModel";

export function ActivityBoard() {
  const { results, status, loadMore } = usePaginatedQuery(
    api.activities.list,
    { difficulty: "beginner", status: "active" },
    { initialNumItems: 10 },
  );
  const first: Doc<"activities"> | undefined = results[0];
  return (
    <ul>
      {first !== undefined && <li>Newest: {first.title}</li>}
      {results.map((a) => (
        <li key={a._id}>
          {a.title} — {a.rewardPulpaAmount} PULPA ({a.activityType})
        </li>
      ))}
      {status === "CanLoadMore" && <button onClick={() => loadMore(10)}>More</button>}
    </ul>
  );
}

export function AdminActivities() {
  const { results } = usePaginatedQuery(
    api.activities.adminList,
    { status: null, includeDeleted: true },
    { initialNumItems: 10 },
  );
  const stats = useQuery(api.activities.adminStats);
  return (
    <table>
      <caption>{stats === undefined ? "" : `${stats.active}/${stats.total} active`}</caption>
      <tbody>
        {results.map((a) => (
          <tr key={a._id}>
            <td>{a.title}</td>
            <td>{a.status}</td>
            <td>{a.deletedAt === null ? "" : "deleted"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SubmitForm(props: { activityId: Id<"activities"> }) {
  const data = useQuery(api.activities.get, { activityId: props.activityId });
  const submit = useMutation(api.submissions.submit);
  const onSubmit = async (url: string) => {
    const created = await submit({ activityId: props.activityId, submissionUrl: url });
    const when: number = created.submittedAt;
    console.log(when);
  };
  if (data === undefined) {
    return null;
  }
  return (
    <form onSubmit={() => void onSubmit("https://github.com/fruteroclub/poktapok/pull/7")}>
      <h2>{data.activity.title}</h2>
      <p>{data.slotsLeft === null ? "Unlimited slots" : `${data.slotsLeft} slots left`}</p>
      <button disabled={data.userHasSubmitted}>Submit</button>
    </form>
  );
}

export function MySubmissions() {
  const { results } = usePaginatedQuery(api.submissions.listMine, {}, { initialNumItems: 10 });
  const earnings = useQuery(api.pulpa.myEarnings);
  return (
    <section>
      <h2>{earnings?.totalPulpaEarned ?? "0"} PULPA earned</h2>
      {results.map((s) => (
        <p key={s._id}>
          {s.activity.title}: {s.status} {s.rewardPulpaAmount ?? ""}
        </p>
      ))}
    </section>
  );
}

export function ReviewQueue() {
  const { results, loadMore, status } = usePaginatedQuery(
    api.submissions.adminList,
    { status: "pending", sort: "submitted_at_asc" },
    { initialNumItems: 10 },
  );
  const stats = useQuery(api.submissions.adminStats, {});
  const approve = useMutation(api.submissions.approve);
  const reject = useMutation(api.submissions.reject);
  return (
    <section>
      <h2>{stats?.pending ?? 0} pending</h2>
      {results.map(({ submission, activity, user }) => (
        <div key={submission._id}>
          {user.username ?? user.email ?? "?"} — {activity.title}
          <button onClick={() => void approve({ submissionId: submission._id, score: 80 })}>Approve</button>
          <button onClick={() => void reject({ submissionId: submission._id, reviewNotes: "Evidence is missing." })}>
            Reject
          </button>
        </div>
      ))}
      {status === "CanLoadMore" && <button onClick={() => loadMore(10)}>More</button>}
    </section>
  );
}

export function Distributions() {
  const { results } = usePaginatedQuery(api.pulpa.listDistributions, { status: "pending" }, { initialNumItems: 10 });
  const update = useMutation(api.pulpa.updateDistribution);
  return (
    <ul>
      {results.map((d) => (
        <li key={d._id}>
          {d.pulpaAmount} → {d.recipientWallet} ({d.status})
          <button onClick={() => void update({ distributionId: d._id, status: "cancelled" })}>Cancel</button>
        </li>
      ))}
    </ul>
  );
}
