// A result used as what it is not: an event's title is a string.
import { client } from "./client";
import { api } from "../../../examples/web/convex/_generated/api";
import type { Id } from "../../../examples/web/convex/_generated/dataModel";

declare const eventId: Id<"events">;
const event = await client.query(api.events.get, { eventId });
export const count: number = event.title; // error TS2322
