import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="ro-auth">
      <div className="ro-auth__card">
        <h1>Page not found</h1>
        <p className="ro-muted">This address does not match a page of the dashboard.</p>
        <Link href="/orders" className="ro-btn ro-btn--primary">
          Go to orders
        </Link>
      </div>
    </main>
  );
}
