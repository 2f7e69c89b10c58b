import { useConvexAuth } from "convex/react";
import { useDevToken, useLoginOnce } from "./auth";
import { ErrorBoundary, ErrorNote } from "./errors";
import { useRoute, type Route } from "./router";
import { Landing } from "./pages/Landing";
import { SignIn } from "./pages/SignIn";
import { Profile } from "./pages/Profile";
import { Admin } from "./pages/Admin";

const links: { route: Route; label: string }[] = [
  { route: "/", label: "Events" },
  { route: "/profile", label: "Profile" },
  { route: "/admin", label: "Admin" },
  { route: "/sign-in", label: "Sign in" },
];

export function App() {
  const route = useRoute();
  const loginError = useLoginOnce();
  return (
    <>
      <header>
        <h1>Frutero Club</h1>
        <nav>
          {links.map(({ route: to, label }) => (
            <a key={to} href={`#${to}`} aria-current={to === route ? "page" : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <AuthStatus />
      </header>
      <main>
        {loginError ? <ErrorNote error={loginError} /> : null}
        {/* Keyed by route: an error on one page does not stick to the next. */}
        <ErrorBoundary key={route ?? "unknown"}>
          {route === "/" && <Landing />}
          {route === "/sign-in" && <SignIn />}
          {route === "/profile" && <Profile />}
          {route === "/admin" && <Admin />}
          {route === null && (
            <p>
              No such page. <a href="#/">See the events</a>.
            </p>
          )}
        </ErrorBoundary>
      </main>
    </>
  );
}

function AuthStatus() {
  const { token } = useDevToken();
  const { isLoading, isAuthenticated } = useConvexAuth();
  const text = !token ? "signed out" : isLoading ? "signing in…" : isAuthenticated ? "signed in" : "token refused";
  return (
    <p className="auth-status" data-testid="auth-status">
      {text}
    </p>
  );
}
