import { useQuery } from "convex/react";
import { api } from "../../convex/_generated/api";
import { formatWhen } from "../format";

/** The live list of published events: a commit that changes it is pushed here, no reload. */
export function Landing() {
  const events = useQuery(api.events.listPublished, {});
  return (
    <section>
      <h2>Events</h2>
      {events === undefined ? (
        <p>Loading events…</p>
      ) : events.length === 0 ? (
        <p>No published events yet.</p>
      ) : (
        <ul className="events" aria-label="Published events">
          {events.map((event) => (
            <li key={event._id} data-testid="event">
              <h3>{event.title}</h3>
              <p className="meta">
                <time dateTime={new Date(event.startDate).toISOString()}>{formatWhen(event.startDate, event.timezone)}</time>
                {event.location ? <span> · {event.location}</span> : null}
                {event.status === "cancelled" ? <strong> · cancelled</strong> : null}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
