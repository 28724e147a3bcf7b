/** The reason a promise rejects with; fails the test if it resolves instead. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests inspect the fields of whatever error comes back
export async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject, but it resolved");
}
