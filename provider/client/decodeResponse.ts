import type { z } from "zod";
import { ApiError } from "../errors/ApiError";
import { ResponseShapeError } from "../errors/ResponseShapeError";
import { toValidationIssues } from "../validation/toValidationIssues";
import type { Attempt } from "./Attempt";
import type { AttemptOutcome } from "./AttemptOutcome";
import type { Redactor } from "./Redactor";
import { responseEnvelopeSchema } from "./responseEnvelope";
import { isRetryableApiError, parseRetryAfterMs } from "./retryPolicy";
import type { HttpResponse } from "./sendAttempt";

/**
 * Success is decided by the envelope's `ResponseMetadata.Error` and the status together. Gateway errors carry a
 * CodeN and Live's own errors only Code and Message (CommonErr is documented under HTTP 200), so any of the three
 * reports an error whatever the status; so does an error status with no envelope at all.
 */
export function decodeResponse(attempt: Attempt, response: HttpResponse): AttemptOutcome {
  const json = parseJson(response.text);
  const redactor = attempt.redactor.includingSecretsOf(json);
  const retryAfterMs = parseRetryAfterMs(response.headers["retry-after"], Date.now());
  const envelope = responseEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    return withoutEnvelope(attempt.action, response.status, json, envelope.error, redactor, retryAfterMs);
  }
  const metadata = envelope.data.ResponseMetadata;
  const apiCode = metadata.Error?.Code || undefined;
  const { status } = response;
  if (!reportsError(metadata.Error) && status >= 200 && status < 300) {
    return { status, requestId: metadata.RequestId, result: envelope.data.Result };
  }
  const error = new ApiError(redactor.redact(metadata.Error?.Message ?? "no message"), {
    action: attempt.action,
    apiCode,
    apiCodeN: metadata.Error?.CodeN,
    status,
    requestId: metadata.RequestId,
    retryable: isRetryableApiError(status, apiCode),
    retryAfterSeconds: retryAfterMs === undefined ? undefined : retryAfterMs / 1000,
  });
  const serverDateMs = Date.parse(String(response.headers.date ?? ""));
  return { error, retryAfterMs, serverDateMs: Number.isNaN(serverDateMs) ? undefined : serverDateMs };
}

/** An Error with a Code, a non-zero CodeN or a message; an all-empty one is not an error. */
function reportsError(error: { Code?: string; CodeN?: number; Message?: string } | undefined): boolean {
  return error !== undefined && (Boolean(error.Code) || Boolean(error.CodeN) || Boolean(error.Message));
}

/** An error status says enough on its own (a gateway's HTML page); under a success status the answer is unreadable. */
function withoutEnvelope(
  action: string,
  status: number,
  json: unknown,
  shapeError: z.ZodError,
  redactor: Redactor,
  retryAfterMs: number | undefined,
): AttemptOutcome {
  if (status >= 400) {
    const error = new ApiError(json === undefined ? "response body is not JSON" : "response has no ResponseMetadata", {
      action,
      apiCode: undefined,
      apiCodeN: undefined,
      status,
      requestId: undefined,
      retryable: isRetryableApiError(status, undefined),
      retryAfterSeconds: retryAfterMs === undefined ? undefined : retryAfterMs / 1000,
    });
    return { error, retryAfterMs };
  }
  const issues =
    json === undefined
      ? [{ path: "", message: "body is not JSON" }]
      : toValidationIssues(shapeError).map((issue) => ({ ...issue, message: redactor.redact(issue.message) }));
  return { error: new ResponseShapeError(action, status, undefined, issues) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
