/** Vite's `?url` imports for the workers, which do not load vite/client's DOM-side declarations. */
declare module '*?url' {
  const url: string;
  export default url;
}
