// Placeholder until `poktapok codegen --out convex` writes the typed files (issue 11, part 1).
export declare const api: any;
export declare const internal: any;
