/** Job id of one delivery attempt: stable, so a repeated enqueue of the same attempt collapses. */
export function deliverJobId(deliveryId: string, attemptNo: number, suffix = ''): string {
  return `${deliveryId}.a${attemptNo}${suffix}`;
}
