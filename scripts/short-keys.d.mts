/** Shortens _locales message names in a built extension folder; returns how many it renamed. */
export function shortenLocaleKeys(dir: string, classicFiles?: string[]): number;
export const POSITIONAL: RegExp;
