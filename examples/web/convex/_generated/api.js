// Placeholder until `poktapok codegen --out convex` writes the typed files (issue 11, part 1).
import { anyApi } from "convex/server";
export const api = anyApi;
export const internal = anyApi;
