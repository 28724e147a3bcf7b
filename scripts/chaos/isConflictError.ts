/**
 * Whether an error line of a failed command is this package's conflict error (ResourceConflictError, code
 * VOLC_LIVE_ERR_ALREADY_EXISTS): a key already taken by a configuration the deployment may not take over. In
 * process the line carries the error's name; the CLI shows only the message, so its wording counts too.
 */
export function isConflictError(line: string): boolean {
  return /ResourceConflictError|VOLC_LIVE_ERR_ALREADY_EXISTS|already exists in Volcengine Live|does not manage already exists/.test(
    line,
  );
}
