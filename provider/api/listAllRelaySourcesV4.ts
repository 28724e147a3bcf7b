import type { LiveClient } from "../client/LiveClient";
import { ResponseShapeError } from "../errors/ResponseShapeError";
import { listRelaySourceV4, MAX_LIST_PAGE_SIZE, type RelaySourceV4Item } from "./relaySourceV4";

/**
 * Every relay of a domain, walking pages of up to 500 until the last one: until PageCur reaches PageTotal, or a
 * short page when the service sends no Pagination. An item that shifts onto a later page while the walk runs is
 * reported once.
 */
export async function listAllRelaySourcesV4(
  client: LiveClient,
  domain: string,
  options: { pageSize?: number; signal?: AbortSignal } = {},
): Promise<RelaySourceV4Item[]> {
  const size = options.pageSize ?? MAX_LIST_PAGE_SIZE;
  const items: RelaySourceV4Item[] = [];
  const seen = new Set<string>();
  let pageLimit = Number.POSITIVE_INFINITY;
  for (let page = 1; page <= pageLimit; page++) {
    const result = await listRelaySourceV4(client, { Domain: domain, Page: page, Size: size }, options.signal);
    for (const item of result.List) {
      const key = `${item.App}\n${item.Stream}`;
      if (!seen.has(key)) {
        seen.add(key);
        items.push(item);
      }
    }
    const pagination = result.Pagination;
    if (pagination !== undefined) {
      if (page === 1) {
        // The first answer fixes the walk's length, so a server that never reports the end cannot loop forever.
        pageLimit = Math.max(1, pagination.PageTotal);
      }
      if (pagination.PageCur >= pagination.PageTotal || result.List.length === 0) {
        break;
      }
    } else if (result.List.length < size) {
      break;
    }
    if (page > 100_000) {
      throw new ResponseShapeError("ListRelaySourceV4", 200, undefined, [
        { path: "Result.Pagination", message: "paging did not end after 100000 pages" },
      ]);
    }
  }
  return items;
}
