import { ApiError } from "../errors/ApiError";
import { ResourceConflictError } from "../errors/ResourceConflictError";
import { confirmAbsent } from "./confirmAbsent";
import type { ProviderRuntime } from "./ProviderRuntime";

export interface DeleteRequest<Key> {
  readonly kind: string;
  /** The recorded outputs of the resource being deleted. */
  readonly outputs: Record<string, unknown>;
  /** Its key, parsed from the outputs. */
  readonly key: Key;
  idOf(key: Key): string;
  /** A fresh read: whether a configuration is at the key. */
  isPresentAt(key: Key): Promise<boolean>;
  /** The delete call itself. */
  send(): Promise<void>;
  /** Drops shared reads of the key's scope. */
  invalidate(): void;
}

/**
 * The delete every kind shares. Nothing is sent when the configuration belongs to another resource of this
 * deployment (claimed, or handed to a declared resource; see KeyLedger), or when a delete-before-replace would
 * remove it while its replacement's key is taken. Otherwise: delete, and when the service refuses, absence is
 * still the goal, so a re-read decides.
 */
export async function deleteConfiguration<Key>(runtime: ProviderRuntime, request: DeleteRequest<Key>): Promise<void> {
  const { kind, key } = request;
  const id = request.idOf(key);
  if (runtime.ledger.keepsOnDelete(kind, id, request.outputs)) return;
  const next = runtime.ledger.replacementOf(kind, id) as (Key & { adopt: boolean }) | undefined;
  if (
    next !== undefined &&
    (await runtime.ledger.blocksReplacement(kind, request.idOf(next), next.adopt, () => request.isPresentAt(next)))
  ) {
    throw new ResourceConflictError(kind, request.idOf(next), { replacing: id });
  }
  try {
    await request.send();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    request.invalidate();
    if (!(await confirmAbsent(runtime.readGuardDelaysMs, () => request.isPresentAt(key)))) throw error;
  } finally {
    request.invalidate();
  }
}
