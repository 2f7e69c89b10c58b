/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The Poktapok server's URL (default http://127.0.0.1:3210). */
  readonly VITE_CONVEX_URL?: string;
}
