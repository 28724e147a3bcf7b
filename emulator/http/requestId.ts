import { randomUUID } from "node:crypto";

/** Request ids shaped like the service's: a timestamp followed by random hex. */
export function requestId(nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/\D/g, "").slice(0, 14);
  return `${stamp}${randomUUID().replace(/-/g, "").slice(0, 18).toUpperCase()}`;
}
