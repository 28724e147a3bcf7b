/**
 * After a delete the service refused (e.g. "does not exist" on a retry of a delete that had landed), checks that
 * the configuration is really gone, re-reading after each delay: a lagging read may still show it for a moment.
 */
export async function confirmAbsent(delaysMs: readonly number[], isPresent: () => Promise<boolean>): Promise<boolean> {
  if (!(await isPresent())) return true;
  for (const delayMs of delaysMs) {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (!(await isPresent())) return true;
  }
  return false;
}
