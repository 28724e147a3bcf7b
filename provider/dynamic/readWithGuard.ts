/**
 * Reads a configuration; if it is missing, re-reads fresh after each delay before calling it gone. A write the
 * service shows late (read-after-write lag) is then not mistaken for an out-of-band delete.
 */
export async function readWithGuard<T>(
  delaysMs: readonly number[],
  read: (fresh: boolean) => Promise<T | undefined>,
): Promise<T | undefined> {
  let found = await read(false);
  for (const delayMs of delaysMs) {
    if (found !== undefined) break;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    found = await read(true);
  }
  return found;
}
