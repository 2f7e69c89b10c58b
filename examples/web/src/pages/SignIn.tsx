import { useState, type FormEvent } from "react";
import { useConvexAuth } from "convex/react";
import { readClaims, useDevToken } from "../auth";
import { ErrorNote } from "../errors";
import { navigate } from "../router";

/**
 * Sign-in where Privy is not configured: paste a development token. The server checks it; this page only reads
 * its claims to say whose it is and refuse one that has already expired.
 */
export function SignIn() {
  const { token, setToken } = useDevToken();
  const { isLoading, isAuthenticated } = useConvexAuth();
  const [draft, setDraft] = useState("");
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    const candidate = draft.trim();
    const claims = readClaims(candidate);
    if (!claims?.sub) {
      setProblem({ code: "INVALID_TOKEN", message: "That is not a JWT with a subject; paste the whole output of `poktapok token`." });
      return;
    }
    if (claims.exp !== undefined && claims.exp * 1000 <= Date.now()) {
      setProblem({ code: "TOKEN_EXPIRED", message: `That token expired at ${new Date(claims.exp * 1000).toLocaleString()}.` });
      return;
    }
    setProblem(null);
    setDraft("");
    setToken(candidate);
    navigate("/profile");
  }

  if (token) {
    const claims = readClaims(token);
    return (
      <section>
        <h2>Signed in</h2>
        <p>
          As <code data-testid="subject">{claims?.sub ?? "?"}</code>
          {claims?.exp ? <> until {new Date(claims.exp * 1000).toLocaleString()}</> : null}.
        </p>
        {!isLoading && !isAuthenticated ? (
          <ErrorNote error={{ code: "UNAUTHENTICATED", message: "The server refused this token (expired, or minted with another dev key)." }} />
        ) : null}
        <button type="button" onClick={() => setToken(null)}>
          Sign out
        </button>
      </section>
    );
  }

  return (
    <section>
      <h2>Sign in with a development token</h2>
      <p>
        Privy is not configured here. Mint a token for any DID with the server's dev key (dev tokens on), then paste it:
      </p>
      <pre>
        npm run token -- did:privy:alice{"\n"}
        {"# or, from the repository root:\n"}
        POKTAPOK_Auth__Dev__Enabled=true dotnet run --project src/Poktapok.Server -- token --did did:privy:alice
      </pre>
      <form onSubmit={submit}>
        <label>
          Development token
          <textarea rows={5} value={draft} onChange={(e) => setDraft(e.target.value)} spellCheck={false} />
        </label>
        <button type="submit" disabled={draft.trim() === ""}>
          Sign in
        </button>
      </form>
      {problem ? <ErrorNote error={problem} /> : null}
    </section>
  );
}
