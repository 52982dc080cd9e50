/**
 * Seeds an account into the extension's storage the way the options page and
 * src/shared/credentials.ts keep it: the list in storage.local `accounts`, a typed password in
 * storage.session under `secret:<id>`. Runs inside an extension page (Playwright or puppeteer).
 */
export interface SeedAccount {
  id?: string;
  jid: string;
  websocketUrl: string;
  /** Absent: no secret is stored (the window then asks for a password). */
  password?: string;
  /** The password is remembered (storage.local), as the options page's "Remember password" keeps it. */
  remember?: boolean;
  /** The server changes its SCRAM salt at every sign-in (what Save detects): no keys are kept. */
  saltChanges?: boolean;
}

/** Anything with `evaluate(fn, arg)`: a Playwright or a puppeteer page. */
export interface Evaluator {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

type Ext = {
  storage: {
    local: { set(o: object): Promise<void>; remove(k: string | string[]): Promise<void>; clear(): Promise<void> };
    session: { set(o: object): Promise<void>; remove(k: string | string[]): Promise<void>; clear(): Promise<void> };
  };
};

/**
 * The secret is written before the account list: a window waiting for an account reacts to the
 * list and must find the secret already there.
 */
export async function seedAccounts(page: Evaluator, accounts: SeedAccount[], defaultId?: string): Promise<string[]> {
  const list = accounts.map((a, i) => ({ ...a, id: a.id ?? `acct-${i + 1}` }));
  await page.evaluate(
    async ({ list, defaultId }) => {
      const ext = (globalThis as unknown as { browser?: Ext; chrome: Ext }).browser ?? (globalThis as unknown as { chrome: Ext }).chrome;
      for (const a of list) {
        const key = `secret:${a.id}`;
        await ext.storage.local.remove(key);
        await ext.storage.session.remove(key);
        if (a.password !== undefined) await (a.remember ? ext.storage.local : ext.storage.session).set({ [key]: { kind: 'password', password: a.password } });
      }
      await ext.storage.local.set({
        accounts: { accounts: list.map(({ id, jid, websocketUrl, saltChanges }) => ({ id, jid, websocketUrl, ...(saltChanges ? { saltChanges } : {}) })), defaultId: defaultId ?? list[0]?.id },
      });
    },
    { list, defaultId },
  );
  return list.map((a) => a.id);
}

export function seedAccount(page: Evaluator, account: SeedAccount): Promise<string[]> {
  return seedAccounts(page, [account]);
}

/** Removes every account and secret (the state of a fresh install). */
export async function clearAccounts(page: Evaluator): Promise<void> {
  await page.evaluate(async () => {
    const ext = (globalThis as unknown as { browser?: Ext; chrome: Ext }).browser ?? (globalThis as unknown as { chrome: Ext }).chrome;
    // Both areas hold other state too (the background's windows and requests): drop only ours.
    for (const area of [ext.storage.local, ext.storage.session]) {
      const all = await (area as unknown as { get(k: null): Promise<Record<string, unknown>> }).get(null);
      await area.remove(Object.keys(all).filter((k) => k === 'accounts' || k.startsWith('secret:')));
    }
  }, undefined);
}
