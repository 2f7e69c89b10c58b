// Type-only: the member directory page with convex/react hooks.
import { usePaginatedQuery, useQuery, useMutation } from "convex/react";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Id } from "../../../examples/web/convex/_generated/dataModel";

export function Directory(props: { skillIds: Id<"skills">[] }) {
  const { results, status, loadMore } = usePaginatedQuery(
    api.profiles.directory,
    { track: "ai", availability: "open_to_offers", skillIds: props.skillIds },
    { initialNumItems: 10 },
  );
  const countries = useQuery(api.profiles.directoryCountries, { limit: 50 });
  const mine = useQuery(api.profiles.getMine);
  const save = useMutation(api.profiles.upsertMine);
  const onSave = async () => {
    const { profile } = await save({
      city: "Oaxaca",
      country: "México",
      countryCode: "MX",
      learningTracks: ["ai"],
      availabilityStatus: "available",
    });
    const city: string | null = profile.city;
    console.log(city);
  };
  return (
    <section>
      <h1>Members {mine === undefined ? "" : mine === null ? "(no profile yet)" : mine.city}</h1>
      <select>
        {(countries?.countries ?? []).map((c) => (
          <option key={c.countryCode} value={c.country}>
            {c.country} ({c.count})
          </option>
        ))}
      </select>
      <ul>
        {results.map((entry) => (
          <li key={entry._id}>
            {entry.username ?? "?"} · {entry.city ?? ""} · {entry.totalPulpaEarned} PULPA
          </li>
        ))}
      </ul>
      {status === "CanLoadMore" && <button onClick={() => loadMore(10)}>More</button>}
      <button onClick={() => void onSave()}>Save</button>
    </section>
  );
}

export function ProfilePage(props: { username: string }) {
  const data = useQuery(api.profiles.getByUsername, { username: props.username });
  if (data === undefined) {
    return <p>Loading…</p>;
  }
  const tracks: ("ai" | "crypto" | "privacy")[] = data.profile.learningTracks ?? [];
  return (
    <article>
      <h1>{data.profile.displayName ?? data.profile.username}</h1>
      {data.meta.isPrivate ? <p>Private profile</p> : <p>{tracks.join(", ")}</p>}
    </article>
  );
}
