// Type-only: the profile editor, public profile page and member directory calling the profiles module.
import { ConvexClient } from "convex/browser";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Doc, Id } from "../../../examples/web/convex/_generated/dataModel";

declare const client: ConvexClient;

type Track = "ai" | "crypto" | "privacy";
type Availability = "available" | "open_to_offers" | "unavailable";
type Visibility = "public" | "members" | "private";

/** Onboarding step 2: the profile form, every optional field given. */
export async function saveProfile(): Promise<Id<"profiles">> {
  const saved = await client.mutation(api.profiles.upsertMine, {
    city: "Ciudad de México",
    country: "México",
    countryCode: "MX",
    learningTracks: ["ai", "crypto"],
    availabilityStatus: "open_to_offers",
    profileVisibility: "members",
    socialLinks: {
      github: "ana-lopez",
      twitter: "@analopez",
      linkedin: "https://linkedin.com/in/ana-lopez",
      telegram: null,
    },
  });
  const profile: Doc<"profiles"> = saved.profile;
  const tracks: Track[] | null = profile.learningTracks;
  const visibility: Visibility = profile.profileVisibility;
  const pulpa: string = profile.totalPulpaEarned;
  const github: string | null = profile.githubUsername;
  console.log(tracks, visibility, pulpa, github);
  return profile._id;
}

/** Later edits: only the required fields, then visibility and links passed as null. */
export async function saveProfileMinimal(): Promise<void> {
  const minimal = await client.mutation(api.profiles.upsertMine, {
    city: "Guadalajara",
    country: "México",
    countryCode: "MX",
    learningTracks: ["privacy"],
    availabilityStatus: "available",
  });
  const availability: Availability = minimal.profile.availabilityStatus;
  const cleared = await client.mutation(api.profiles.upsertMine, {
    city: "Guadalajara",
    country: "México",
    countryCode: "MX",
    learningTracks: ["ai", "crypto", "privacy"],
    availabilityStatus: "unavailable",
    profileVisibility: null,
    socialLinks: null,
  });
  const linkOnly = await client.mutation(api.profiles.upsertMine, {
    city: "Monterrey",
    country: "México",
    countryCode: "MX",
    learningTracks: ["crypto"],
    availabilityStatus: "available",
    profileVisibility: "private",
    socialLinks: { telegram: "@ana_builds" },
  });
  const telegram: string | null = linkOnly.profile.telegramUsername;
  console.log(availability, cleared.profile.updatedAt, telegram);
}

/** The settings page reads the caller's own profile, which may not exist yet. */
export async function myProfile(): Promise<number> {
  const mine: Doc<"profiles"> | null = await client.query(api.profiles.getMine, {});
  if (mine === null) {
    return 0;
  }
  const views: number = mine.profileViews;
  const completed: number = mine.activitiesCompleted;
  const owner: Id<"users"> = mine.userId;
  console.log(owner);
  return views + completed;
}

/** /u/:username — fields may be nulled per visibility; `meta` says why. */
export async function publicProfile(username: string): Promise<string> {
  const { profile, meta } = await client.query(api.profiles.getByUsername, { username });
  const id: Id<"profiles"> = profile._id;
  const userId: Id<"users"> = profile.userId;
  const visibility: Visibility = profile.profileVisibility;
  const availability: Availability | null = profile.availabilityStatus;
  const tracks: Track[] | null = profile.learningTracks;
  const bounties: number | null = profile.completedBounties;
  const pulpa: string | null = profile.totalPulpaEarned;
  const isOwner: boolean = meta.isOwner;
  const canViewSocials: boolean = meta.canViewSocials;
  const canViewLocation: boolean = meta.canViewLocation;
  const canViewTracks: boolean = meta.canViewLearningTracks;
  const isPrivate: boolean = meta.isPrivate;
  const location = canViewLocation ? `${profile.city ?? ""}, ${profile.countryCode ?? ""}` : "hidden";
  const socials = canViewSocials ? (profile.githubUsername ?? profile.twitterUsername ?? "") : "";
  console.log(id, userId, visibility, availability, canViewTracks ? tracks : null, bounties, pulpa, isOwner, isPrivate);
  return `${profile.displayName ?? profile.username ?? "?"} ${location} ${socials}`;
}

/** The directory with every filter set, then with none, then with nullable filters passed as null. */
export async function directory(skillIds: Id<"skills">[]): Promise<void> {
  const filtered = await client.query(api.profiles.directory, {
    paginationOpts: { numItems: 24, cursor: null },
    search: "rust",
    track: "crypto",
    availability: "available",
    country: "México",
    skillIds,
  });
  for (const entry of filtered.page) {
    const id: Id<"profiles"> = entry._id;
    const userId: Id<"users"> = entry.userId;
    const tracks: Track[] | null = entry.learningTracks;
    const availability: Availability = entry.availabilityStatus;
    const earnings: number = entry.totalEarningsUsd;
    const pulpa: string = entry.totalPulpaEarned;
    console.log(id, userId, tracks, availability, earnings, pulpa);
  }
  const done: boolean = filtered.isDone;
  if (!done) {
    const next = await client.query(api.profiles.directory, {
      paginationOpts: { numItems: 24, cursor: filtered.continueCursor },
    });
    const names: (string | null)[] = next.page.map((entry) => entry.displayName);
    console.log(names);
  }
  const nulls = await client.query(api.profiles.directory, {
    paginationOpts: { numItems: 10, cursor: null },
    search: null,
    track: null,
    availability: null,
    country: null,
    skillIds: null,
  });
  console.log(nulls.page.length);
}

/** The country filter of the directory, with and without a limit. */
export async function directoryCountries(): Promise<string[]> {
  const all = await client.query(api.profiles.directoryCountries, {});
  const top = await client.query(api.profiles.directoryCountries, { limit: 10 });
  const counts: number[] = top.countries.map((c) => c.count);
  console.log(counts);
  return all.countries.map((c) => `${c.country} (${c.countryCode})`);
}
