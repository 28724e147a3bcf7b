import type * as pulumi from "@pulumi/pulumi";

let open: Array<() => void> | undefined;

/**
 * Makes the resources a program declares in one turn register in declaration order; returns the options to
 * construct the resource with.
 *
 * The SDK sends a resource's register request only once its inputs are serialized, which takes as many microtask
 * turns as the inputs are deep: left alone, the kind with the flattest inputs registers all its resources first. The
 * engine starts steps in arrival order with a bounded number of workers, so the kinds would then run one after
 * another, each held to its own action's rate limit, instead of side by side. Here each resource waits for its turn
 * through `dependsOn`, and turns are given one per event-loop turn in declaration order, so each resource's request
 * is sent before the next one's serialization starts. The dependency is a promise of the caller's own `dependsOn`,
 * which the SDK resolves anyway: the recorded dependencies are unchanged.
 */
export function inDeclarationOrder<T extends pulumi.CustomResourceOptions>(opts: T | undefined): T {
  const turns = open ?? openTurns();
  const turn = new Promise<void>((resolve) => turns.push(resolve));
  const dependsOn = turn.then(() => opts?.dependsOn ?? []);
  return { ...opts, dependsOn: dependsOn as unknown as pulumi.Input<pulumi.Resource[]> } as T;
}

function openTurns(): Array<() => void> {
  const turns: Array<() => void> = [];
  open = turns;
  // The program's synchronous declarations all run before this: they share one queue.
  setImmediate(() => {
    open = undefined;
    void giveTurns(turns);
  });
  return turns;
}

async function giveTurns(turns: Array<() => void>): Promise<void> {
  for (const letGo of turns) {
    letGo();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
