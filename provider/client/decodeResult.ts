import { ResponseShapeError } from "../errors/ResponseShapeError";
import { toValidationIssues } from "../validation/toValidationIssues";
import type { AttemptSuccess } from "./AttemptOutcome";
import type { Redactor } from "./Redactor";
import type { ResultSchema } from "./ResultSchema";

/** Checks a successful answer's Result against the action's schema; issues are named from `Result` down. */
export function decodeResult<T>(
  action: string,
  success: AttemptSuccess,
  schema: ResultSchema<T>,
  callRedactor: Redactor,
): T {
  const parsed = schema.safeParse(success.result);
  if (parsed.success) {
    return parsed.data;
  }
  const redactor = callRedactor.includingSecretsOf(success.result);
  const issues = toValidationIssues(parsed.error).map((issue) => ({
    path: issue.path === "" ? "Result" : `Result.${issue.path}`,
    message: redactor.redact(issue.message),
  }));
  throw new ResponseShapeError(action, success.status, success.requestId, issues);
}
