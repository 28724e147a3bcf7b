import { z } from "zod";
import { worldStateSchema } from "../world/worldStateSchema";
import { type ControlTargets, resetTargets } from "./ControlTargets";

/** Runs one control call on the parsed JSON body (undefined when empty) and returns the 200 answer; throws on bad input. */
export type ControlEndpoint = (targets: ControlTargets, json: unknown) => unknown;

const OK = { ok: true };
const faultRulesBody = z.object({ rules: z.array(z.unknown()) });

/** Keyed by `<METHOD> <path below /_emulator/>`. */
export const CONTROL_ENDPOINTS: Readonly<Record<string, ControlEndpoint>> = {
  "POST reset": (targets) => {
    resetTargets(targets);
    return OK;
  },
  "GET state": (targets) => targets.world.snapshot(),
  "PUT state": (targets, json) => {
    targets.world.replace(worldStateSchema.parse(json));
    return OK;
  },
  "GET requests": (targets) => targets.log.snapshot(),
  "DELETE requests": (targets) => {
    targets.log.clear();
    return OK;
  },
  "GET faults": (targets) => ({ rules: targets.faults.list(), injected: targets.faults.injected }),
  "PUT faults": (targets, json) => ({ rules: targets.faults.set(faultRulesBody.parse(json).rules as never) }),
  "DELETE faults": (targets) => {
    targets.faults.clear();
    return OK;
  },
};
