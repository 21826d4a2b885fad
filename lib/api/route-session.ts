// The Next.js side of the route door (./route-door.ts): the console session's user for an unsigned request. A
// signed request is judged by its signature alone, never by a cookie that happens to ride along.
import { currentUser } from "@/lib/auth/session";

export async function sessionFor(request: Request): Promise<{ id: number } | null> {
  return request.headers.has("authorization") ? null : await currentUser();
}
