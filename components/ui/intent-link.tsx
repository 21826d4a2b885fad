"use client";
// A Link that prefetches only once the user shows intent (pointer over it, keyboard focus, a touch), not as soon
// as it is on screen. Every console page is dynamic (it reads the session), so a prefetch is a server request;
// links that stay on screen on every page (the sidebar, the header) would otherwise repeat theirs after each
// navigation, competing with the page the user asked for.
import Link from "next/link";
import { useState, type ComponentProps } from "react";

export function IntentLink(props: Omit<ComponentProps<typeof Link>, "prefetch">) {
  const [intent, setIntent] = useState(false);
  const show = () => setIntent(true);
  return (
    <Link
      {...props}
      prefetch={intent ? null : false}
      onMouseEnter={(event) => {
        show();
        props.onMouseEnter?.(event);
      }}
      onFocus={(event) => {
        show();
        props.onFocus?.(event);
      }}
      onTouchStart={(event) => {
        show();
        props.onTouchStart?.(event);
      }}
    />
  );
}
