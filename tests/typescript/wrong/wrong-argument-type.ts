// A number where the function takes an id (a string).
import { client } from "./client";
import { api } from "../../../examples/web/convex/_generated/api";

export const call = client.query(api.events.get, { eventId: 42 }); // error TS2322
