// Type-only: the portfolio pages (create, edit, show, list) calling the projects module.
import { ConvexClient } from "convex/browser";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Doc, Id } from "../../../examples/web/convex/_generated/dataModel";

declare const client: ConvexClient;
/** POSTs the bytes to an upload URL from files:generateUploadUrl and returns the `storageId` it answers. */
declare function uploadTo(uploadUrl: string, file: Blob): Promise<Id<"_storage">>;

type ProjectType = "personal" | "bootcamp" | "hackathon" | "work-related" | "freelance" | "bounty";
type ProjectStatus = "draft" | "wip" | "completed" | "archived";

/** The "new project" form with every optional field, picking skills from skills:list. */
export async function createProject(): Promise<Id<"projects">> {
  const { skills } = await client.query(api.skills.list, { category: "language", limit: 20 });
  const skillIds: Id<"skills">[] = skills.slice(0, 3).map((s) => s._id);
  const { project } = await client.mutation(api.projects.create, {
    title: "Pulpa Wallet",
    description: "A tiny wallet that shows PULPA rewards and lets members claim them on Optimism.",
    projectType: "hackathon",
    skillIds,
    liveUrl: "https://pulpa-wallet.example.com",
    repositoryUrl: "https://github.com/ana-lopez/pulpa-wallet",
    videoUrl: null,
    logoUrl: null,
    imageUrls: ["https://images.example.com/pulpa-1.png"],
    projectStatus: "wip",
  });
  const id: Id<"projects"> = project._id;
  const owner: Id<"users"> = project.owner._id;
  const type: ProjectType = project.projectType;
  const status: ProjectStatus = project.projectStatus;
  const skillDocs: Doc<"skills">[] = project.skills;
  const publishedAt: number | null = project.publishedAt;
  const images: string[] | null = project.imageUrls;
  console.log(owner, type, status, skillDocs.length, publishedAt, images);
  return id;
}

/** A minimal draft: only the required fields. */
export async function createDraft(skillId: Id<"skills">): Promise<void> {
  const { project } = await client.mutation(api.projects.create, {
    title: "Zk voting notes",
    description: "Notes and a demo of anonymous voting with Semaphore for the club.",
    projectType: "personal",
    skillIds: [skillId],
    repositoryUrl: "https://github.com/ana-lopez/zk-voting",
  });
  const featured: boolean = project.featured;
  const views: number = project.viewCount;
  console.log(featured, views);
}

/** The project page: show it, count the view once, list its skills. */
export async function showProject(projectId: Id<"projects">): Promise<string> {
  const { project, isOwner } = await client.query(api.projects.get, { projectId });
  const owner: boolean = isOwner;
  if (!owner) {
    const { counted } = await client.mutation(api.projects.recordView, { projectId });
    const wasCounted: boolean = counted;
    console.log(wasCounted);
  }
  const { skills, total } = await client.query(api.skills.listForProject, { projectId });
  const names: string[] = skills.map((s) => s.name);
  const count: number = total;
  const ownerName: string | null = project.owner.displayName;
  const metadata: Record<string, unknown> = project.metadata;
  console.log(metadata);
  return `${project.title} by ${ownerName ?? "?"}: ${names.join(", ")} (${count})`;
}

/** The edit form: partial updates, publish, clear links with null, replace skills. */
export async function editProject(projectId: Id<"projects">, skillIds: Id<"skills">[]): Promise<void> {
  const renamed = await client.mutation(api.projects.update, { projectId, title: "Pulpa Wallet v2" });
  const title: string = renamed.project.title;
  const published = await client.mutation(api.projects.update, { projectId, projectStatus: "completed" });
  const publishedAt: number | null = published.project.publishedAt;
  const everything = await client.mutation(api.projects.update, {
    projectId,
    description: "A tiny wallet that shows PULPA rewards; now with claim history and ENS names.",
    liveUrl: null,
    repositoryUrl: "https://github.com/ana-lopez/pulpa-wallet",
    videoUrl: "https://youtu.be/dQw4w9WgXcQ",
    logoUrl: null,
    imageUrls: null,
    projectType: "bounty",
    skillIds,
  });
  const updatedAt: number = everything.project.updatedAt;
  console.log(title, publishedAt, updatedAt);
}

/** Logo and gallery uploads, image removal, skill add/remove, delete. */
export async function manageMedia(projectId: Id<"projects">, files: Blob[], skillId: Id<"skills">): Promise<void> {
  const logoId = await uploadTo(await client.mutation(api.files.generateUploadUrl, {}), files[0]);
  const { logoUrl } = await client.mutation(api.projects.setLogo, { projectId, storageId: logoId });
  const logo: string | null = logoUrl;
  const noLogo = await client.mutation(api.projects.setLogo, { projectId, storageId: null });
  const storageIds: Id<"_storage">[] = [];
  for (const file of files.slice(1)) {
    storageIds.push(await uploadTo(await client.mutation(api.files.generateUploadUrl, {}), file));
  }
  const { imageUrls } = await client.mutation(api.projects.addImages, { projectId, storageIds });
  const gallery: string[] = imageUrls;
  const afterRemove = await client.mutation(api.projects.removeImage, { projectId, imageUrl: gallery[0] });
  const remaining: string[] = afterRemove.imageUrls;
  const added = await client.mutation(api.projects.addSkill, { projectId, skillId });
  const addedSkill: Id<"skills"> = added.skillId;
  const addedAt: number = added.createdAt;
  const removed = await client.mutation(api.projects.removeSkill, { projectId, skillId });
  const removedFrom: Id<"projects"> = removed.projectId;
  const removedSkill: Id<"skills"> = removed.skillId;
  const deleted = await client.mutation(api.projects.remove, { projectId });
  const deletedId: Id<"projects"> = deleted.projectId;
  console.log(logo, noLogo.logoUrl, remaining, addedSkill, addedAt, removedFrom, removedSkill, deletedId);
}

/** The showcase with every filter, with none, and with null filters; and the owner's own list. */
export async function listProjects(userId: Id<"users">): Promise<void> {
  const filtered = await client.query(api.projects.list, {
    paginationOpts: { numItems: 12, cursor: null },
    userId,
    status: "completed",
    type: "hackathon",
    featured: true,
  });
  const titles: string[] = filtered.page.map((p) => p.title);
  const all = await client.query(api.projects.list, { paginationOpts: { numItems: 12, cursor: null } });
  const more = all.isDone
    ? null
    : await client.query(api.projects.list, { paginationOpts: { numItems: 12, cursor: all.continueCursor } });
  const nulls = await client.query(api.projects.list, {
    paginationOpts: { numItems: 12, cursor: null },
    userId: null,
    status: null,
    type: null,
    featured: null,
  });
  const mine = await client.query(api.projects.listMine, {
    paginationOpts: { numItems: 20, cursor: null },
    status: "draft",
  });
  const draftStatus: ProjectStatus = mine.page[0].projectStatus;
  const allMine = await client.query(api.projects.listMine, { paginationOpts: { numItems: 20, cursor: null } });
  const nullMine = await client.query(api.projects.listMine, { paginationOpts: { numItems: 20, cursor: null }, status: null });
  console.log(titles, more?.page.length, nulls.isDone, draftStatus, allMine.page.length, nullMine.continueCursor);
}
