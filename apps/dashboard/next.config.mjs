// The dashboard talks to the api through same-origin rewrites: the HttpOnly session cookie, the CSRF cookie and the
// Socket.IO channel (/ws, upgrades included) all stay first-party. API_URL is read when the server config is built:
// at `next dev` start, and at `next build` for `next start` (rewrites are compiled into the build).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const apiUrl = (process.env.API_URL ?? 'http://127.0.0.1:4000').replace(/\/+$/, '');

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Socket.IO lives at /ws/ (trailing slash): no redirect may strip it on the way to the api
  skipTrailingSlashRedirect: true,
  // the libs under libs/dashboard and libs/shared are compiled from source, so the root is the repository
  turbopack: { root: path.join(here, '../..') },
  outputFileTracingRoot: path.join(here, '../..'),
  typescript: { tsconfigPath: 'tsconfig.json' },
  async rewrites() {
    return [
      { source: '/api/:path*', destination: `${apiUrl}/api/:path*` },
      // Engine.IO polls /ws/?EIO=4...: the trailing slash must survive (`/ws/:path*` alone would drop it)
      { source: '/ws/', destination: `${apiUrl}/ws/` },
      { source: '/ws/:path+', destination: `${apiUrl}/ws/:path+` },
    ];
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
