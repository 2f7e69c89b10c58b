// An internal function is not in `api`: luma/sync:startRun is only in `internal`.
import { client } from "./client";
import { api } from "../../../examples/web/convex/_generated/api";

export const call = client.mutation(api.luma.sync.startRun, { trigger: "admin", calendarSlug: "frutero" }); // error TS2339
