import type { ActionHandler } from "./ActionHandler";
import { callbackActions } from "./callbackActions";
import { relaySourceV3Actions } from "./relaySourceV3Actions";
import { relaySourceV4Actions } from "./relaySourceV4Actions";

const ACTIONS: Readonly<Record<string, ActionHandler>> = {
  ...relaySourceV3Actions,
  ...relaySourceV4Actions,
  ...callbackActions,
};

/** The handler of one of the ten emulated actions; undefined for any other name, inherited ones included. */
export function findAction(action: string): ActionHandler | undefined {
  return Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
}
