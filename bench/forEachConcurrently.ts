/**
 * Runs `work` over `items` with at most `parallelism` in flight, each worker taking the next item when it is
 * done: the engine's step executor does the same with its fixed pool of workers.
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  parallelism: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallelism, items.length)) }, worker));
}
