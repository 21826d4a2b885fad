// Listing a bucket the way a poll must: a stream's keys after a key (StartAfter, in pages), and the folders under
// a prefix (a delimiter listing) to find new account/region streams now and then, never the whole bucket.
import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import type { DatedLayout } from "@/lib/domain/connections/layouts";

export interface ListedObject {
  key: string;
  size: number;
  etag?: string;
}

export interface ListedPage {
  objects: ListedObject[];
  truncated: boolean;
}

/** A prefix's keys after `startAfter`, page by page (1,000 keys at most each). */
export async function* listAfter(
  client: S3Client,
  bucket: string,
  prefix: string,
  startAfter: string | undefined,
  signal?: AbortSignal,
): AsyncGenerator<ListedPage> {
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ...(token ? { ContinuationToken: token } : startAfter ? { StartAfter: startAfter } : {}),
      }),
      { abortSignal: signal },
    );
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    const objects = (page.Contents ?? []).flatMap((o) =>
      o.Key ? [{ key: o.Key, size: o.Size ?? 0, ...(o.ETag ? { etag: o.ETag.replace(/"/g, "") } : {}) }] : [],
    );
    yield { objects, truncated: Boolean(token) };
  } while (token);
}

/** The folders directly under `prefix` (each a full prefix ending in "/"), after `startAfter`; and pages listed. */
export async function listFolders(
  client: S3Client,
  bucket: string,
  prefix: string,
  startAfter?: string,
  signal?: AbortSignal,
): Promise<{ folders: string[]; pages: number }> {
  const folders: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        Delimiter: "/",
        ...(token ? { ContinuationToken: token } : startAfter ? { StartAfter: startAfter } : {}),
      }),
      { abortSignal: signal },
    );
    pages++;
    for (const common of page.CommonPrefixes ?? []) if (common.Prefix) folders.push(common.Prefix);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return { folders, pages };
}

/** Folders deep at most (AWSLogs/o-org/account/CloudTrail/region is 5). */
const MAX_DEPTH = 8;

/** Every stream of a dated layout in the bucket, found folder by folder from the layout's root. */
export async function discoverStreams(
  client: S3Client,
  bucket: string,
  layout: DatedLayout,
  signal?: AbortSignal,
): Promise<{ streams: string[]; pages: number }> {
  const streams: string[] = [];
  let pages = 0;
  let level = [layout.root];
  for (let depth = 0; depth <= MAX_DEPTH && level.length; depth++) {
    const next: string[] = [];
    for (const folder of level) {
      const kind = layout.classifyFolder(folder);
      if (kind === "stream") streams.push(folder);
      if (kind !== "descend") continue;
      const listed = await listFolders(client, bucket, folder, undefined, signal);
      pages += listed.pages;
      next.push(...listed.folders);
    }
    level = next;
  }
  return { streams: streams.sort(), pages };
}
