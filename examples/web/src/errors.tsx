// Errors are shown with their stable code (ConvexError.data.code, or the {code, message} of the storage routes),
// so a failure is never a blank page.
import { Component, type ErrorInfo, type ReactNode } from "react";
import { ConvexError } from "convex/values";

export type Described = { code: string; message: string };

const isCoded = (v: unknown): v is { code: string; message?: unknown } =>
  typeof v === "object" && v !== null && typeof (v as { code?: unknown }).code === "string";

export function describe(error: unknown): Described {
  if (error instanceof ConvexError) {
    const data: unknown = error.data;
    if (isCoded(data)) return { code: data.code, message: typeof data.message === "string" ? data.message : "" };
    return { code: "ERROR", message: typeof data === "string" ? data : JSON.stringify(data) };
  }
  if (isCoded(error)) return { code: error.code, message: typeof error.message === "string" ? error.message : "" };
  if (error instanceof Error) return { code: "ERROR", message: error.message };
  return { code: "ERROR", message: String(error) };
}

export function ErrorNote({ error }: { error: unknown }) {
  const { code, message } = describe(error);
  return (
    <p role="alert" className="error">
      <code data-testid="error-code">{code}</code> {message}
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
