// A user's id where an event's id is expected: ids of different tables do not mix.
import { client } from "./client";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Id } from "../../../examples/web/convex/_generated/dataModel";

declare const userId: Id<"users">;
export const call = client.query(api.events.get, { eventId: userId }); // error TS2322
