// Type-only: the project showcase and "my projects" pages with convex/react hooks.
import { usePaginatedQuery, useQuery, useMutation } from "convex/react";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Id } from "../../../examples/web/convex/_generated/dataModel";

export function Showcase(props: { userId?: Id<"users"> }) {
  const { results, status, loadMore, isLoading } = usePaginatedQuery(
    api.projects.list,
    { userId: props.userId ?? null, featured: true, type: "hackathon" },
    { initialNumItems: 10 },
  );
  const stats = useQuery(api.stats.public);
  return (
    <section>
      <h1>{stats === undefined ? "…" : `${stats.projects} projects`}</h1>
      {results.map((project) => (
        <a key={project._id} href={`/projects/${project._id}`}>
          {project.title} · {project.owner.username ?? "?"} · {project.skills.map((s) => s.name).join(", ")}
        </a>
      ))}
      {!isLoading && status === "CanLoadMore" && <button onClick={() => loadMore(10)}>More</button>}
    </section>
  );
}

export function MyProjects() {
  const { results } = usePaginatedQuery(api.projects.listMine, { status: "draft" }, { initialNumItems: 10 });
  const all = usePaginatedQuery(api.projects.listMine, {}, { initialNumItems: 10 });
  const remove = useMutation(api.projects.remove);
  const onRemove = async (projectId: Id<"projects">) => {
    const { projectId: removed } = await remove({ projectId });
    console.log(removed);
  };
  return (
    <ul>
      {results.map((p) => (
        <li key={p._id}>
          {p.title} ({p.projectStatus}) <button onClick={() => void onRemove(p._id)}>Delete</button>
        </li>
      ))}
      <li>{all.results.length} in total</li>
    </ul>
  );
}

export function ProjectPage(props: { projectId: Id<"projects"> }) {
  const data = useQuery(api.projects.get, { projectId: props.projectId });
  const skills = useQuery(api.skills.listForProject, { projectId: props.projectId });
  const recordView = useMutation(api.projects.recordView);
  if (data === undefined) {
    return null;
  }
  if (!data.isOwner) {
    void recordView({ projectId: props.projectId }).then(({ counted }) => console.log(counted));
  }
  return (
    <article>
      <h1>{data.project.title}</h1>
      <p>{data.project.description}</p>
      <p>{skills?.total ?? 0} skills</p>
    </article>
  );
}
