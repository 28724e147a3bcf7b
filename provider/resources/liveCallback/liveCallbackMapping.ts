import type { CallbackConfig } from "../../api/callback";
import type { LiveCallbackInputs } from "./liveCallbackInputs";

type Scope = Pick<LiveCallbackInputs, "vhost" | "domain">;

/** The one place LiveCallback's camelCase inputs meet the API's PascalCase fields. */
export function scopeOf(inputs: Scope): { Vhost: string } | { Domain: string } {
  return inputs.domain !== undefined ? { Domain: inputs.domain } : { Vhost: inputs.vhost as string };
}

export function toApiRequest(inputs: LiveCallbackInputs) {
  return {
    ...scopeOf(inputs),
    ...(inputs.domain === undefined && inputs.app !== "" ? { App: inputs.app } : {}),
    MessageType: inputs.messageType,
    CallbackDetailList: inputs.callbacks.map((callback) => ({ CallbackType: callback.type, URL: callback.url })),
    TranscodeCallback: inputs.transcodeCallback ? (1 as const) : (0 as const),
    AuthEnable: inputs.authEnabled,
    ...(inputs.authKey === undefined ? {} : { AuthKeyPrimary: inputs.authKey }),
  };
}

/** The full key for DeleteCallback: App is always sent for a Vhost scope, since an omitted App may mean "all". */
export function toApiKey(inputs: Pick<LiveCallbackInputs, "vhost" | "domain" | "app" | "messageType">) {
  return {
    ...scopeOf(inputs),
    ...(inputs.domain === undefined ? { App: inputs.app } : {}),
    MessageType: inputs.messageType,
  };
}

/** A masked key (e.g. `******`) cannot be compared with the declared one. */
export function isMaskedKey(value: string): boolean {
  return /\*{3,}/.test(value);
}

/**
 * A described configuration as inputs. The scope and the key come from state when the service cannot tell them:
 * items name only a Vhost, and a masked or absent AuthKeyPrimary must not look like drift.
 */
export function fromApiConfig(
  config: CallbackConfig,
  stored: Pick<LiveCallbackInputs, "vhost" | "domain" | "authKey" | "adopt">,
): LiveCallbackInputs {
  const returnedKey = config.AuthKeyPrimary;
  const authKey =
    returnedKey === undefined || returnedKey === "" || isMaskedKey(returnedKey) ? stored.authKey : returnedKey;
  return {
    ...(stored.domain !== undefined ? { domain: stored.domain } : { vhost: stored.vhost as string }),
    app: config.App,
    messageType: config.MessageType as LiveCallbackInputs["messageType"],
    callbacks: config.CallbackDetailList.map((detail) => ({ url: detail.URL, type: detail.CallbackType as "http" })),
    transcodeCallback: config.TranscodeCallback === 1,
    authEnabled: config.AuthEnable,
    ...(authKey === undefined ? {} : { authKey }),
    adopt: stored.adopt,
  };
}
