import { DOMAIN_EVENT_TOPICS } from '@retailos/shared/contracts';

const TOPIC_SHAPE = /^(\*|[a-z][a-z_]*(\.[a-z][a-z_]*)*(\.\*)?)$/;

/** Entity prefixes a wildcard may name: every prefix of a known topic, plus the sync engine's open-ended `sync.*`. */
const KNOWN_PREFIXES = new Set<string>(['sync']);
for (const topic of DOMAIN_EVENT_TOPICS) {
  const parts = topic.split('.');
  for (let i = 1; i < parts.length; i++) KNOWN_PREFIXES.add(parts.slice(0, i).join('.'));
}

/** Why a subscription topic is refused, or null when it is fine. */
export function topicProblem(pattern: string): string | null {
  if (!TOPIC_SHAPE.test(pattern)) return `"${pattern}" is not a topic or wildcard (e.g. order.created, order.*, *)`;
  if (pattern === '*') return null;
  if (pattern.endsWith('.*')) {
    return KNOWN_PREFIXES.has(pattern.slice(0, -2)) ? null : `"${pattern}" matches no known topic`;
  }
  if ((DOMAIN_EVENT_TOPICS as readonly string[]).includes(pattern) || pattern.startsWith('sync.')) return null;
  return `"${pattern}" is not a known topic`;
}

/** Every subscription pattern that matches a topic: `*`, the topic itself and each `prefix.*`. */
export function patternsMatching(topic: string): string[] {
  const parts = topic.split('.');
  const out = ['*', topic];
  for (let i = 1; i < parts.length; i++) out.push(`${parts.slice(0, i).join('.')}.*`);
  return out;
}
