/** `application/jabber+xml` in any case, with any parameters (`; charset=utf-8`). */
export function isJabberContentType(value: string | undefined | null): boolean {
  return !!value && /^\s*application\/jabber\+xml\s*(;|$)/i.test(value);
}
