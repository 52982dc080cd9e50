declare module '#platform/intercept' {
  import type { Landing } from '../background/landing-claim.ts';
  export function installInterception(): Promise<void>;
  export function registerInterceptionListeners(): void;
  /** What a landing URL asks for, if the extension itself sent the page there; else undefined. */
  export function claimLanding(url: URL, topFrame: boolean): Promise<Landing | undefined>;
}
