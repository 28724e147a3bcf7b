/** Environment variables read at call time: the names the Volcengine Terraform and Pulumi providers use. */
export const ENV_ACCESS_KEY = "VOLCENGINE_ACCESS_KEY";
export const ENV_SECRET_KEY = "VOLCENGINE_SECRET_KEY";
export const ENV_SESSION_TOKEN = "VOLCENGINE_SESSION_TOKEN";
export const ENV_REGION = "VOLCENGINE_REGION";
/** This package's own endpoint variable: it wins over the shared one, so Live alone can be pointed elsewhere. */
export const ENV_LIVE_ENDPOINT = "VOLCENGINE_LIVE_ENDPOINT";
/** The endpoint variable the official Volcengine providers read. */
export const ENV_ENDPOINT = "VOLCENGINE_ENDPOINT";

/** The stack config keys that stand in for the credential variables under Pulumi (the official provider's names). */
export const CONFIG_ACCESS_KEY = "volcengine:accessKey";
export const CONFIG_SECRET_KEY = "volcengine:secretKey";
export const CONFIG_SESSION_TOKEN = "volcengine:sessionToken";

export const DEFAULT_ENDPOINT = "https://live.volcengineapi.com";
export const DEFAULT_REGION = "cn-north-1";
export const SERVICE = "live";
export const API_VERSION = "2023-01-01";
