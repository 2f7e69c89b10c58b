// Type-only: the landing page, the admin events page and the Luma sync page with convex/react hooks.
import { usePaginatedQuery, useQuery, useMutation, useAction } from "convex/react";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Doc, Id } from "../../../examples/web/convex/_generated/dataModel";

export function Landing() {
  const events: Doc<"events">[] | undefined = useQuery(api.events.listPublished, { status: "upcoming", limit: 6 });
  const stats = useQuery(api.stats.public);
  const { results, status, loadMore } = usePaginatedQuery(api.events.list, { status: "past" }, { initialNumItems: 10 });
  return (
    <main>
      <p>{stats?.members ?? 0} members</p>
      {events === undefined ? <p>Loading…</p> : events.map((e) => <h2 key={e._id}>{e.title}</h2>)}
      {results.map((e) => (
        <p key={e._id}>
          {e.title} — {new Date(e.startDate).toDateString()}
        </p>
      ))}
      {status === "CanLoadMore" && <button onClick={() => loadMore(10)}>Older</button>}
    </main>
  );
}

export function AdminEvents(props: { programId: Id<"programs"> | null }) {
  const { results } = usePaginatedQuery(
    api.events.adminList,
    { programId: props.programId, published: false },
    { initialNumItems: 10 },
  );
  const create = useMutation(api.events.create);
  const update = useMutation(api.events.update);
  const preview = useAction(api.luma.preview.fetchEvent);
  const onImport = async (url: string) => {
    const p = await preview({ url });
    const { event } = await create({
      title: p.title ?? p.lumaSlug,
      lumaUrl: p.lumaUrl,
      startDate: p.startDate ?? Date.now(),
      lumaSlug: p.lumaSlug,
      isPublished: true,
    });
    const id: Id<"events"> = event._id;
    console.log(id);
  };
  return (
    <section>
      <button onClick={() => void onImport("https://lu.ma/friday-build-night")}>Import</button>
      {results.map((e) => (
        <p key={e._id}>
          {e.title} <button onClick={() => void update({ eventId: e._id, isPublished: true })}>Publish</button>
        </p>
      ))}
    </section>
  );
}

export function LumaSync() {
  const sync = useAction(api.luma.syncAction.syncCalendar);
  const { results, status, loadMore } = usePaginatedQuery(api.luma.sync.listRuns, {}, { initialNumItems: 10 });
  const onSync = async () => {
    const run = await sync({});
    console.log(`${run.message}: ${run.created} created, ${run.updated} updated`);
  };
  return (
    <section>
      <button onClick={() => void onSync()}>Sync now</button>
      <table>
        <tbody>
          {results.map((r) => (
            <tr key={r._id}>
              <td>{new Date(r.startedAt).toISOString()}</td>
              <td>{r.trigger}</td>
              <td>{r.status}</td>
              <td>{r.synced}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {status === "CanLoadMore" && <button onClick={() => loadMore(10)}>More</button>}
    </section>
  );
}

export function DemoCounters() {
  const { results } = usePaginatedQuery(api.demo.listCounters, {}, { initialNumItems: 10 });
  const increment = useMutation(api.demo.increment);
  const twice = useAction(api.demo.incrementTwice);
  const value = useQuery(api.demo.get, { name: "clicks" });
  return (
    <section>
      <p>{value ?? "…"}</p>
      <button onClick={() => void increment({ name: "clicks", by: 1 })}>+1</button>
      <button onClick={() => void twice({ name: "clicks" })}>+2</button>
      {results.map((c) => (
        <p key={c._id}>
          {c.name}: {c.value}
        </p>
      ))}
    </section>
  );
}
