declare module '#platform/intercept' {
  export function installInterception(): Promise<void>;
  export function registerInterceptionListeners(): void;
}
