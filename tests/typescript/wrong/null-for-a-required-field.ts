// null where the argument is not nullable.
import { client } from "./client";
import { api } from "../../../examples/web/convex/_generated/api";

export const call = client.mutation(api.events.remove, { eventId: null }); // error TS2322
