/** Whether the process `pid` has exited within about five seconds (a stopped process may take a moment to exit). */
export async function waitUntilProcessGone(pid: number): Promise<boolean> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
