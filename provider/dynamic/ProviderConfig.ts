import { CONFIG_ACCESS_KEY, CONFIG_SECRET_KEY, CONFIG_SESSION_TOKEN } from "../client/environment";

/** Stack config keys read by `configure`: the names the official pulumi-volcengine provider uses. */
export const CONFIG_KEYS = {
  accessKey: CONFIG_ACCESS_KEY,
  secretKey: CONFIG_SECRET_KEY,
  sessionToken: CONFIG_SESSION_TOKEN,
  region: "volcengine:region",
  endpoint: "volcengine:endpoint",
} as const;

export type ProviderConfig = Partial<Record<keyof typeof CONFIG_KEYS, string>>;

/** Reads the stack config the engine hands to `configure`; absent or empty keys stay unset. */
export function readProviderConfig(config: { get(key: string): string | undefined }): ProviderConfig {
  const result: ProviderConfig = {};
  for (const [name, key] of Object.entries(CONFIG_KEYS) as Array<[keyof typeof CONFIG_KEYS, string]>) {
    const value = config.get(key);
    if (typeof value === "string" && value.trim() !== "") {
      result[name] = value.trim();
    }
  }
  return result;
}
