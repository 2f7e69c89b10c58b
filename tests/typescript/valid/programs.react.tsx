// Type-only: program, enrollment, session and attendance pages with convex/react hooks.
import { usePaginatedQuery, useQuery, useMutation } from "convex/react";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Id } from "../../../examples/web/convex/_generated/dataModel";

export function ProgramPage(props: { programId: Id<"programs"> }) {
  const program = useQuery(api.programs.get, { programId: props.programId });
  const dashboard = useQuery(api.programs.myDashboard, { programId: props.programId });
  const sessions = useQuery(api.sessions.listForProgram, { programId: props.programId, upcoming: true, limit: 5 });
  const mine = useQuery(api.enrollments.mine);
  if (program === undefined) {
    return null;
  }
  return (
    <article>
      <h1>{program.program.name}</h1>
      {dashboard !== undefined && <p>Quality score {dashboard.stats.qualityScore}</p>}
      {sessions?.sessions.map((s) => <p key={s._id}>{s.title}</p>)}
      <p>{mine?.enrollments.length ?? 0} programs</p>
    </article>
  );
}

export function Roster(props: { programId: Id<"programs"> }) {
  const { results, status, loadMore } = usePaginatedQuery(
    api.enrollments.listForProgram,
    { programId: props.programId, status: "enrolled" },
    { initialNumItems: 10 },
  );
  const update = useMutation(api.enrollments.update);
  return (
    <ul>
      {results.map((e) => (
        <li key={e._id}>
          {e.user?.username ?? "?"} since {new Date(e.enrolledAt).toISOString()}
          <button onClick={() => void update({ enrollmentId: e._id, status: "completed" })}>Complete</button>
        </li>
      ))}
      {status === "CanLoadMore" && <button onClick={() => loadMore(10)}>More</button>}
    </ul>
  );
}

export function SessionCalendar(props: { programId: Id<"programs"> | null }) {
  const { results } = usePaginatedQuery(
    api.sessions.list,
    { programId: props.programId, upcoming: true },
    { initialNumItems: 10 },
  );
  const admin = usePaginatedQuery(api.sessions.adminList, { standalone: true }, { initialNumItems: 10 });
  return (
    <section>
      {results.map((s) => (
        <p key={s._id}>
          {new Date(s.sessionDate).toLocaleString()} {s.title} ({s.sessionType})
        </p>
      ))}
      {admin.results.map((s) => (
        <p key={s._id}>
          {s.title}: {s.attendanceCount} attended
        </p>
      ))}
    </section>
  );
}

export function MyAttendance(props: { programId?: Id<"programs"> }) {
  const { results } = usePaginatedQuery(
    api.attendance.mine,
    props.programId === undefined ? {} : { programId: props.programId },
    { initialNumItems: 10 },
  );
  const mark = useMutation(api.attendance.markBulk);
  const onMark = async (sessionId: Id<"sessions">, userId: Id<"users">) => {
    const { marked } = await mark({ sessionId, records: [{ userId, status: "present" }] });
    console.log(marked);
  };
  return (
    <ul>
      {results.map((a) => (
        <li key={a._id}>
          {a.session?.title ?? "?"}: {a.status}
          <button onClick={() => void onMark(a.sessionId, a.userId)}>Mark present</button>
        </li>
      ))}
    </ul>
  );
}
