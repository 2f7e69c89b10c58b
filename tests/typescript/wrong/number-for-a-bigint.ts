// An int64 argument takes a bigint (10n), not a number.
import { client } from "./client";
import { api } from "../../../examples/web/convex/_generated/api";

export const call = client.mutation(api.demo.refuse, { max: 10 }); // error TS2322
