import { escapeUri } from "./escapeUri";

/**
 * The canonical URI: each `/`-separated segment of the (unencoded) path is RFC 3986-encoded, as Go's `normuri`
 * does; an empty path is `/`.
 */
export function getCanonicalUri(path: string): string {
  if (path === "" || path === "/") {
    return "/";
  }
  return path.split("/").map(escapeUri).join("/");
}
