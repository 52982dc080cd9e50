/**
 * A queue for state kept in storage: the worker answers requests that race each other, and a
 * read-change-write must not start before the one before it has written. A task that fails does
 * not stop the ones after it.
 */
export function serialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = last.then(task);
    last = run.catch(() => undefined);
    return run;
  };
}
