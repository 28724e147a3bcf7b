import { VolcLiveError } from "../errors/VolcLiveError";

const METHODS = ["check", "diff", "create", "read", "update", "delete"] as const;

/**
 * The provider as the dynamic-provider host calls it. For a failed check, diff, read or delete the host prints
 * `${error}: ${error.stack}`, so every resource of a `pulumi refresh` without credentials showed a dozen lines of
 * frames in this package before the engine showed the message. An error of this package already says what is wrong
 * and what to do: it leaves with its stable code in place of the stack. Any other error (a bug) keeps its stack.
 */
export function withoutStackTraces<T extends object>(provider: T): T {
  for (const name of METHODS) {
    const method = (provider as Record<string, unknown>)[name];
    if (typeof method !== "function") continue;
    const bare = async (...args: unknown[]) => {
      try {
        return await method.apply(provider, args);
      } catch (error) {
        if (error instanceof VolcLiveError) error.stack = error.code;
        throw error;
      }
    };
    Object.defineProperty(provider, name, { value: bare, writable: true, configurable: true });
  }
  return provider;
}
