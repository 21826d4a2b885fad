import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="standalone">
      <h1>403: Not allowed</h1>
      <p>Your console role does not give access to this page.</p>
      <Link href="/" className="button button-primary">
        Back to the overview
      </Link>
    </main>
  );
}
