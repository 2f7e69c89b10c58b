// A required argument left out: events:get needs the event's id.
import { client } from "./client";
import { api } from "../../../examples/web/convex/_generated/api";

export const call = client.query(api.events.get, {}); // error TS2345
