/** An operation file of schema/operations/console, bundled as its text (esbuild's text loader). */
declare module '*.graphql' {
  const text: string;
  export default text;
}
