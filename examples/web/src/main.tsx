import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ConvexProviderWithAuth, ConvexReactClient } from "convex/react";
import { TokenProvider, useAuthFromDevToken } from "./auth";
import { App } from "./App";
import "./styles.css";

const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL || "http://127.0.0.1:3210");

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <TokenProvider>
      <ConvexProviderWithAuth client={convex} useAuth={useAuthFromDevToken}>
        <App />
      </ConvexProviderWithAuth>
    </TokenProvider>
  </StrictMode>,
);
