import type { ApiFailure } from "./ApiFailure";

export const API_VERSION = "2023-01-01";
export const SERVICE = "live";
export const REGION = "cn-north-1";

export interface ResponseContext {
  readonly requestId: string;
  readonly action: string;
}

function metadata(context: ResponseContext) {
  return {
    RequestId: context.requestId,
    Action: context.action,
    Version: API_VERSION,
    Service: SERVICE,
    Region: REGION,
  };
}

/** `{ResponseMetadata, Result?}`: actions without a result send the metadata alone. */
export function successBody(context: ResponseContext, result: unknown): string {
  return JSON.stringify(
    result === undefined
      ? { ResponseMetadata: metadata(context) }
      : { ResponseMetadata: metadata(context), Result: result },
  );
}

export function errorBody(context: ResponseContext, failure: ApiFailure): string {
  const error =
    failure.codeN === undefined
      ? { Code: failure.code, Message: failure.message }
      : { CodeN: failure.codeN, Code: failure.code, Message: failure.message };
  return JSON.stringify({ ResponseMetadata: { ...metadata(context), Error: error } });
}
