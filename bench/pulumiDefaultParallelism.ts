import { availableParallelism } from "node:os";

/**
 * How many resource operations `pulumi up`/`refresh` runs at once without `--parallel`, as Pulumi 3.259 decides
 * it (pkg/cmd/pulumi/operations/up.go, defaultParallel): PULUMI_PARALLEL when set and positive, else
 * 4 × GOMAXPROCS. GOMAXPROCS defaults to the usable CPUs, which availableParallelism approximates.
 */
export function pulumiDefaultParallelism(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number.parseInt(env.PULUMI_PARALLEL ?? "", 10);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return 4 * availableParallelism();
}
