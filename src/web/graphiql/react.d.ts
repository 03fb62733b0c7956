// The two React calls the GraphiQL page makes, typed here: the project has no @types/react
// (React is only GraphiQL's, bundled into the page; the hub's own code does not use it).
declare module 'react' {
  export function createElement(type: unknown, props?: Record<string, unknown> | null, ...children: unknown[]): unknown;
}

declare module 'react-dom/client' {
  export function createRoot(container: Element): { render(node: unknown): void };
}
