import { useState, type FormEvent } from "react";
import { useAction, useConvexAuth, useMutation, usePaginatedQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "../../convex/_generated/api";
import { useDevToken } from "../auth";
import { ErrorBoundary, ErrorNote } from "../errors";
import { formatWhen } from "../format";

/** For active admins: run the Luma sync now, see the runs, and create an event. Others see the server's refusal. */
export function Admin() {
  const { token } = useDevToken();
  const { isLoading, isAuthenticated } = useConvexAuth();
  if (!token)
    return (
      <p>
        The admin page needs an admin's sign-in. <a href="#/sign-in">Sign in</a>.
      </p>
    );
  if (isLoading) return <p>Signing in…</p>;
  if (!isAuthenticated)
    return <ErrorNote error={{ code: "UNAUTHENTICATED", message: "The server refused your token; sign in again." }} />;
  return (
    <>
      <SyncNow />
      <ErrorBoundary>
        <RunHistory />
      </ErrorBoundary>
      <CreateEvent />
    </>
  );
}

type SyncSummary = FunctionReturnType<typeof api.luma.syncAction.syncCalendar>;

function SyncNow() {
  const syncCalendar = useAction(api.luma.syncAction.syncCalendar);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<{ summary: SyncSummary } | { error: unknown } | null>(null);

  async function run() {
    setRunning(true);
    setResult(null);
    try {
      const summary = await syncCalendar({});
      setResult({ summary });
    } catch (error) {
      setResult({ error });
    } finally {
      setRunning(false);
    }
  }

  return (
    <section>
      <h2>Luma sync</h2>
      <button type="button" onClick={() => void run()} disabled={running}>
        {running ? "Syncing…" : "Run Luma sync now"}
      </button>
      {result && "summary" in result ? (
        <p role="status" data-testid="sync-summary">
          <strong>{result.summary.status}</strong>: {result.summary.message}
        </p>
      ) : null}
      {result && "error" in result ? <ErrorNote error={result.error} /> : null}
    </section>
  );
}

function RunHistory() {
  const { results, status, loadMore } = usePaginatedQuery(api.luma.sync.listRuns, {}, { initialNumItems: 10 });
  return (
    <section>
      <h2>Sync runs</h2>
      {status === "LoadingFirstPage" ? (
        <p>Loading runs…</p>
      ) : results.length === 0 ? (
        <p>No runs yet.</p>
      ) : (
        <table aria-label="Sync runs">
          <thead>
            <tr>
              <th>Started</th>
              <th>Trigger</th>
              <th>Status</th>
              <th>Created</th>
              <th>Updated</th>
              <th>Unchanged</th>
              <th>Errors</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {results.map((run) => (
              <tr key={run._id} data-testid="sync-run">
                <td>{formatWhen(run.startedAt)}</td>
                <td>{run.trigger}</td>
                <td>{run.status}</td>
                <td>{run.created}</td>
                <td>{run.updated}</td>
                <td>{run.unchanged}</td>
                <td>{run.errors}</td>
                <td>{run.error ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {status === "CanLoadMore" ? (
        <button type="button" onClick={() => loadMore(10)}>
          Load more
        </button>
      ) : null}
    </section>
  );
}

/** A datetime-local value (the browser's time zone) one week from now, on the hour. */
function nextWeek(): string {
  const d = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  d.setMinutes(0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:00`;
}

function CreateEvent() {
  const create = useMutation(api.events.create);
  const [title, setTitle] = useState("");
  const [start, setStart] = useState(nextWeek);
  const [location, setLocation] = useState("");
  const [lumaUrl, setLumaUrl] = useState("");
  const [published, setPublished] = useState(true);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ created: string } | { error: unknown } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setOutcome(null);
    try {
      const { event } = await create({
        title,
        lumaUrl,
        startDate: new Date(start).getTime(),
        location: location.trim() === "" ? null : location,
        isPublished: published,
      });
      setOutcome({ created: event.title });
      setTitle("");
    } catch (error) {
      setOutcome({ error });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <h2>Create an event</h2>
      <form onSubmit={(e) => void submit(e)}>
        <label>
          Title
          <input value={title} onChange={(e) => setTitle(e.target.value)} required />
        </label>
        <label>
          Starts
          <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required />
        </label>
        <label>
          Location
          <input value={location} onChange={(e) => setLocation(e.target.value)} />
        </label>
        <label>
          Luma URL
          <input type="url" value={lumaUrl} onChange={(e) => setLumaUrl(e.target.value)} placeholder="https://lu.ma/…" required />
        </label>
        <label className="inline">
          <input type="checkbox" checked={published} onChange={(e) => setPublished(e.target.checked)} />
          Published
        </label>
        <button type="submit" disabled={busy}>
          Create event
        </button>
      </form>
      {outcome && "created" in outcome ? <p role="status">Created “{outcome.created}”.</p> : null}
      {outcome && "error" in outcome ? <ErrorNote error={outcome.error} /> : null}
    </section>
  );
}
