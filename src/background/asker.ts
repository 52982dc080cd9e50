/**
 * Who asked for a window, from the browser's own record of the sender (the tab's URL, the frame's
 * URL), never from what the sender writes. Pure: the handlers pass in what the browser gave.
 *
 * Decisions a caller should know:
 * - `origin` is what "Asked by" shows: the frame's (or page's) origin for a click, the tab's
 *   top-level page for a frame serving a file; `'unknown'` when the browser gives none.
 * - `site` is what the flood rule counts by: the host name of the tab's top-level page without
 *   port (a page cannot mint new sites by opening frames on new ports or file hosts).
 */
export interface Asker {
  origin: string;
  site: string;
}

/** The origin of an http(s) URL, else undefined (extension pages, about:blank, data:, junk). */
export function webOrigin(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The host name of an http(s) URL, lower-case, without port; 'unknown' otherwise. */
export function siteOf(url: string | undefined): string {
  const origin = webOrigin(url);
  return origin ? new URL(origin).hostname : 'unknown';
}

/**
 * `shown`: the URL whose origin "Asked by" names; `top`: the tab's top-level URL, counted by the
 * flood rule (falls back to `shown` when the tab is not known, e.g. a download, or is that URL).
 */
export function askerOf(shown: string | undefined, top = shown): Asker {
  const origin = webOrigin(shown) ?? webOrigin(top) ?? 'unknown';
  return { origin, site: siteOf(webOrigin(top) ? top : shown) };
}
