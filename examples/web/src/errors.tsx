// Errors are shown with their stable code (ConvexError.data.code, or the {code, message} of the storage routes),
// so a failure is never a blank page.
import { Component, type ErrorInfo, type ReactNode } from "react";
import { ConvexError } from "convex/values";

export type Described = { code: string; reason?: string; message: string };

type Coded = { code: string; reason?: unknown; message?: unknown };
const isCoded = (v: unknown): v is Coded => typeof v === "object" && v !== null && typeof (v as { code?: unknown }).code === "string";
const fromCoded = (v: Coded): Described => ({
  code: v.code,
  reason: typeof v.reason === "string" ? v.reason : undefined,
  message: typeof v.message === "string" ? v.message : "",
});

export function describe(error: unknown): Described {
  if (error instanceof ConvexError) {
    const data: unknown = error.data;
    if (isCoded(data)) return fromCoded(data);
    return { code: "ERROR", message: typeof data === "string" ? data : JSON.stringify(data) };
  }
  if (isCoded(error)) return fromCoded(error);
  if (error instanceof Error) return { code: "ERROR", message: error.message };
  return { code: "ERROR", message: String(error) };
}

export function ErrorNote({ error }: { error: unknown }) {
  const { code, reason, message } = describe(error);
  return (
    <p role="alert" className="error">
      <code data-testid="error-code">{code}</code>
      {reason ? <code data-testid="error-reason">{reason}</code> : null} {message}
    </p>
  );
}

type BoundaryProps = { children: ReactNode };

/** Catches what a query throws while rendering (useQuery rethrows server errors) and shows it. */
export class ErrorBoundary extends Component<BoundaryProps, { error: unknown }> {
  state = { error: null as unknown };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error("render failed", error, info.componentStack);
  }

  render() {
    if (this.state.error === null) return this.props.children;
    return (
      <div>
        <ErrorNote error={this.state.error} />
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
