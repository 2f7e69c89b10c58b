// Type-only: skill pickers and the skills shown on profiles calling the skills module.
import { ConvexClient } from "convex/browser";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Doc, Id } from "../../../examples/web/convex/_generated/dataModel";

declare const client: ConvexClient;

type SkillCategory = "language" | "framework" | "tool" | "blockchain" | "other";

/** The skill picker: filtered by category and search, unfiltered, and with null filters. */
export async function skillPicker(): Promise<Doc<"skills">[]> {
  const filtered = await client.query(api.skills.list, { category: "blockchain", search: "sol", limit: 10 });
  const total: number = filtered.total;
  const categories: SkillCategory[] = filtered.skills.map((s) => s.category);
  const all = await client.query(api.skills.list, {});
  const nulls = await client.query(api.skills.list, { category: null, search: null });
  console.log(total, categories, nulls.total);
  return all.skills;
}

/** /skills/:slug, which may not exist. */
export async function skillBySlug(slug: string): Promise<number> {
  const skill: Doc<"skills"> | null = await client.query(api.skills.getBySlug, { slug });
  if (skill === null) {
    return 0;
  }
  const icon: string | null = skill.iconUrl;
  const description: string | null = skill.description;
  console.log(icon, description);
  return skill.usageCount;
}

/** A member's skills on their profile, with and without a limit. */
export async function userSkills(userId: Id<"users">): Promise<void> {
  const { skills, total } = await client.query(api.skills.listForUser, { userId, limit: 12 });
  for (const entry of skills) {
    const id: Id<"user_skills"> = entry._id;
    const skillId: Id<"skills"> = entry.skillId;
    const level: "beginner" | "intermediate" | "advanced" = entry.proficiencyLevel;
    const projects: number = entry.projectCount;
    const name: string = entry.skill.name;
    console.log(id, skillId, level, projects, name);
  }
  const all = await client.query(api.skills.listForUser, { userId });
  console.log(total, all.total);
}

/** The skills of a project. */
export async function projectSkills(projectId: Id<"projects">): Promise<string[]> {
  const { skills } = await client.query(api.skills.listForProject, { projectId });
  return skills.map((s) => s.slug);
}
