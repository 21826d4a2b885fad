"use client";
// The client half of URL state: a filter form's submit writes its fields into the URL (shareable, reloadable)
// through the router, leaving blank fields and defaults out. Without JavaScript the form is a plain GET form
// and still works.
import { useRouter } from "next/navigation";
import { hrefOf, queryFromForm } from "@/lib/domain/search-params";

/** Navigate to `path` with the given fields as its query (blank ones and `defaults` left out). */
export function useSearchNavigation(path: string, defaults?: Readonly<Record<string, string>>) {
  const router = useRouter();
  return (fields: Iterable<[string, unknown]>) => router.push(hrefOf(path, queryFromForm(fields, defaults)));
}

/** A filter form's onSubmit: its fields become the URL of `path`. */
export function useFilterSubmit(path: string, defaults?: Readonly<Record<string, string>>) {
  const navigate = useSearchNavigation(path, defaults);
  return (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    navigate(new FormData(event.currentTarget));
  };
}
