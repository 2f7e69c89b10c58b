// An argument the function does not declare (the server refuses unknown fields too).
import { client } from "./client";
import { api } from "../../../examples/web/convex/_generated/api";

export const call = client.query(api.events.listPublished, { limit: 5, page: 2 }); // error TS2353
