/** An error the emulated service answers with: HTTP status plus `ResponseMetadata.Error{Code, CodeN?, Message}`. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly codeN?: number,
  ) {
    super(message);
    this.name = "ApiFailure";
  }
}

/** Gateway errors with their documented HTTP statuses and CodeN values. */
export const gateway = {
  missingAuthenticationToken: () =>
    new ApiFailure(401, "MissingAuthenticationToken", "Request is missing Authorization header.", 100003),
  missingRequestInfo: (what: string) =>
    new ApiFailure(400, "MissingRequestInfo", `Request is missing ${what}.`, 100004),
  missingSignature: (why: string) =>
    new ApiFailure(401, "MissingSignature", `Malformed Authorization: ${why}.`, 100005),
  invalidTimestamp: (xDate: string) =>
    new ApiFailure(403, "InvalidTimestamp", `The request X-Date ${xDate} is more than 15 minutes off.`, 100006),
  invalidActionOrVersion: (action: string, version: string) =>
    new ApiFailure(404, "InvalidActionOrVersion", `Could not find operation ${action} for version ${version}.`, 100008),
  invalidAccessKey: () =>
    new ApiFailure(401, "InvalidAccessKey", "The AccessKey ID you provided does not exist in our records.", 100009),
  signatureDoesNotMatch: (why: string) =>
    new ApiFailure(
      401,
      "SignatureDoesNotMatch",
      `The request signature we calculated does not match the signature you provided (${why}).`,
      100010,
    ),
  methodNotAllowed: (method: string) => new ApiFailure(405, "MethodNotAllowed", `Method ${method} is not allowed.`),
  flowLimitExceeded: (action: string) =>
    new ApiFailure(429, "FlowLimitExceeded", `Request frequency of ${action} exceeded the limit.`),
  internalError: () =>
    new ApiFailure(500, "InternalError", "The request processing has failed due to some unknown error."),
} as const;

/** Live-specific errors. */
export const live = {
  invalidParam: (message: string) => new ApiFailure(400, "InvalidParam", message),
  bindError: (message: string) =>
    new ApiFailure(400, "InvalidParam.BindError", `Request parameter error, please check input data: ${message}`),
  outOfRange: (field: string, min: number, max: number) =>
    new ApiFailure(400, "InvalidParam.OutOfRange", `${field} should be between ${min} and ${max}`),
} as const;
