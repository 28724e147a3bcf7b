import { ApiError } from "../errors/ApiError";
import { ResourceConflictError } from "../errors/ResourceConflictError";
import { confirmAbsent } from "./confirmAbsent";
import type { ProviderRuntime } from "./ProviderRuntime";

export interface DeleteRequest {
  readonly kind: string;
  readonly id: string;
  /** The outputs recorded for the resource being deleted. */
  readonly outputs: Record<string, unknown>;
  /** The replacement diff saw for this resource, when it moves to another key. */
  readonly replacement?: { readonly id: string; readonly adopt: boolean; readonly isPresent: () => Promise<boolean> };
  /** The delete call itself. */
  send(): Promise<void>;
  /** A fresh read: whether the configuration is still there. */
  isPresent(): Promise<boolean>;
  /** Drops shared reads of the configuration's scope. */
  invalidate(): void;
}

/**
 * The delete every kind shares. Nothing is sent when the configuration belongs to another resource of this
 * deployment (claimed, or handed to a declared resource; see KeyLedger), or when a delete-before-replace would
 * remove it while its replacement's key is taken. Otherwise: delete, and when the service refuses, absence is
 * still the goal, so a re-read decides.
 */
export async function deleteConfiguration(runtime: ProviderRuntime, request: DeleteRequest): Promise<void> {
  if (runtime.ledger.keepsOnDelete(request.kind, request.id, request.outputs)) return;
  const replacement = request.replacement;
  if (
    replacement !== undefined &&
    !replacement.adopt &&
    !runtime.ledger.isOurs(request.kind, replacement.id) &&
    (await replacement.isPresent())
  ) {
    throw new ResourceConflictError(request.kind, replacement.id, { replacing: request.id });
  }
  try {
    await request.send();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    request.invalidate();
    if (!(await confirmAbsent(runtime.readGuardDelaysMs, () => request.isPresent()))) throw error;
  } finally {
    request.invalidate();
  }
}
