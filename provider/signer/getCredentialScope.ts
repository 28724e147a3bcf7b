import { SCOPE_TERMINATOR } from "./constants";

/** `YYYYMMDD/region/service/request`. */
export function getCredentialScope(shortDate: string, region: string, service: string): string {
  return `${shortDate}/${region}/${service}/${SCOPE_TERMINATOR}`;
}
