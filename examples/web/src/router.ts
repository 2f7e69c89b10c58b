// Hash routes (#/, #/sign-in, #/profile, #/admin): no router dependency, and any static host serves the app.
import { useEffect, useState } from "react";

export type Route = "/" | "/sign-in" | "/profile" | "/admin";
const routes: readonly Route[] = ["/", "/sign-in", "/profile", "/admin"];

function current(): Route | null {
  const path = window.location.hash.replace(/^#/, "") || "/";
  return routes.find((r) => r === path) ?? null;
}

/** The current route, or null for an unknown one. */
export function useRoute(): Route | null {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const onChange = () => setRoute(current());
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

export const navigate = (route: Route) => {
  window.location.hash = route;
};
