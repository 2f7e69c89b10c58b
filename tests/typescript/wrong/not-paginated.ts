// usePaginatedQuery needs a paginated query (one taking paginationOpts).
import { usePaginatedQuery } from "convex/react";
import { api } from "../../../examples/web/convex/_generated/api";

export function Events() {
  return usePaginatedQuery(api.events.listPublished, {}, { initialNumItems: 10 }); // error TS2345
}
