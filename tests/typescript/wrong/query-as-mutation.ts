// A query is not a mutation.
import { client } from "./client";
import { api } from "../../../examples/web/convex/_generated/api";

export const call = client.mutation(api.events.listPublished, {}); // error TS2345
