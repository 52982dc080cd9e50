/** Packs positional messages into one message per locale; returns how many it packed. */
export function packLocaleMessages(dir: string, locales: string[], defaultLocale: string): number;
