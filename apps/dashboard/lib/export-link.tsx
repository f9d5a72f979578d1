export type ExportResource = 'orders' | 'products' | 'customers' | 'inventory';

/** A CSV export of a whole resource, streamed by the api (`export:read`); the browser downloads it with the cookie. */
export function ExportLink({ resource }: { resource: ExportResource }) {
  return (
    <a className="ro-btn ro-btn--secondary" href={`/api/export/${resource}?format=csv`} download={`${resource}.csv`}>
      Export CSV
    </a>
  );
}
