// Development sign-in: a dev token (`poktapok token --did did:privy:<you>`) pasted once, kept in localStorage and
// handed to ConvexProviderWithAuth. With Privy, `useAuthFromPrivy` (README.md) takes the place of
// `useAuthFromDevToken`; nothing else in the app changes.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useConvexAuth, useMutation } from "convex/react";
import { api } from "../convex/_generated/api";

const STORAGE_KEY = "poktapok.devToken";

type TokenState = { token: string | null; setToken: (token: string | null) => void };
const TokenContext = createContext<TokenState | null>(null);

export function TokenProvider({ children }: { children: ReactNode }) {
  const [token, setTokenState] = useState<string | null>(() => localStorage.getItem(STORAGE_KEY));
  const setToken = useCallback((next: string | null) => {
    if (next) localStorage.setItem(STORAGE_KEY, next);
    else localStorage.removeItem(STORAGE_KEY);
    setTokenState(next);
  }, []);
  // Signing in or out in another tab applies here too.
  useEffect(() => {
    const onStorage = (e: StorageEvent) => e.key === STORAGE_KEY && setTokenState(e.newValue);
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, []);
  const value = useMemo(() => ({ token, setToken }), [token, setToken]);
  return <TokenContext.Provider value={value}>{children}</TokenContext.Provider>;
}

export function useDevToken(): TokenState {
  const state = useContext(TokenContext);
  if (!state) throw new Error("useDevToken needs a TokenProvider above it");
  return state;
}

/** The `useAuth` of ConvexProviderWithAuth: a dev token has no refresh, so a forced refresh returns the same one. */
export function useAuthFromDevToken() {
  const { token } = useDevToken();
  const fetchAccessToken = useCallback(async (_: { forceRefreshToken: boolean }) => token, [token]);
  return useMemo(() => ({ isLoading: false, isAuthenticated: token !== null, fetchAccessToken }), [token, fetchAccessToken]);
}

export type TokenClaims = { sub?: string; iss?: string; exp?: number };

/** The claims of a JWT, read without checking it (the server checks it), or null when it is not a JWT. */
export function readClaims(token: string): TokenClaims | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  try {
    const json = atob(parts[1].replace(/-/g, "+").replace(/_/g, "/"));
    const claims: unknown = JSON.parse(json);
    return claims && typeof claims === "object" ? (claims as TokenClaims) : null;
  } catch {
    return null;
  }
}

/**
 * Calls `users:login` once per token, when the server has accepted it: the first login creates the account, later
 * ones record the login. Returns the error of the call, if it failed.
 */
export function useLoginOnce(): unknown {
  const { isAuthenticated } = useConvexAuth();
  const { token } = useDevToken();
  const login = useMutation(api.users.login);
  const loggedInWith = useRef<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!isAuthenticated || !token || loggedInWith.current === token) return;
    loggedInWith.current = token;
    setError(null);
    login({}).catch((e: unknown) => setError(e));
  }, [isAuthenticated, token, login]);
  return error;
}
