import * as pulumi from "@pulumi/pulumi";

interface Batch {
  readonly serializations: Promise<void>[];
  /** One per resource, in declaration order: lets it register. */
  readonly turns: Array<() => void>;
}

let open: Batch | undefined;

/**
 * Keeps the resources a program declares in one turn registering in declaration order.
 *
 * Pulumi serializes each dynamic provider once, asynchronously, and a resource registers only when its provider's
 * text is ready. Left alone, all the resources of whichever kind is serialized first register first, then the next
 * kind's; the engine starts steps in arrival order with a bounded number of workers, so the kinds then run one
 * after another, each held to its own action's rate limit (a 200-resource stack took the sum of the three write
 * phases instead of the longest). Here every resource declared in the same turn waits, through `dependsOn`, until
 * the providers of all of them are serialized (which the engine would wait for anyway), then they are let go one
 * per event-loop turn in declaration order, so each one's register request is sent before the next one starts.
 *
 * Returns the options to construct the resource with, and `track`, to call right after construction with the props
 * object the SDK has just given its `__provider`.
 */
export function holdRegistration(opts: pulumi.CustomResourceOptions | undefined): {
  options: pulumi.CustomResourceOptions;
  track(props: Record<string, unknown>): void;
} {
  const batch = open ?? openBatch();
  const own = opts?.dependsOn;
  const turn = new Promise<void>((resolve) => batch.turns.push(resolve));
  const dependsOn = turn.then(() => own ?? []);
  return {
    // A promise of the caller's own dependsOn is what the SDK resolves anyway: the recorded dependencies are unchanged.
    options: { ...opts, dependsOn: dependsOn as unknown as pulumi.Input<pulumi.Resource[]> },
    track(props) {
      const provider = props["__provider"];
      if (pulumi.Output.isInstance(provider)) batch.serializations.push(settledOf(provider));
    },
  };
}

function openBatch(): Batch {
  const batch: Batch = { serializations: [], turns: [] };
  open = batch;
  // The program's synchronous declarations all run before this: they form one batch.
  setImmediate(() => {
    open = undefined;
    void release(batch);
  });
  return batch;
}

async function release(batch: Batch): Promise<void> {
  await Promise.allSettled(batch.serializations);
  for (const letGo of batch.turns) {
    letGo();
    // A resource whose inputs are known sends its request within the microtasks that follow; wait for them.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * Settles when the serialized provider does, successfully or not: a failed serialization must still let the batch
 * go, so each resource reports its own error instead of waiting forever. The SDK's Output exposes its promise only
 * internally; `apply` is the fallback, and the provider text is always known, so it runs even in preview.
 */
function settledOf(output: pulumi.Output<unknown>): Promise<void> {
  const internal = (output as unknown as { promise?: () => Promise<unknown> }).promise;
  if (typeof internal === "function") {
    return internal.call(output).then(
      () => undefined,
      () => undefined,
    );
  }
  return new Promise<void>((resolve) => output.apply(() => resolve()));
}
