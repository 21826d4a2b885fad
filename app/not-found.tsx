import Link from "next/link";

export default function NotFound() {
  return (
    <main className="standalone">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <Link href="/" className="button button-primary">
        Back to the overview
      </Link>
    </main>
  );
}
