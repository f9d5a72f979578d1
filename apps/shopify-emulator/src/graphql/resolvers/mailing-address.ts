// MailingAddress as Shopify answers it for customer and order addresses. Addresses are not
// geocoded or validated here, so coordinates and the validation summary are null.
import type { CustomerAddressRec } from '../../store/store.types';
import { toGid } from '../../util/gid';

export function mailingAddress(a: CustomerAddressRec) {
  const area = [a.city, a.provinceCode ?? a.province, a.zip].filter(Boolean).join(' ');
  const name = [a.firstName, a.lastName].filter(Boolean).join(' ');
  return {
    __typename: 'MailingAddress',
    ...a,
    id: toGid('MailingAddress', a.id),
    name: name || null,
    countryCodeV2: a.countryCode,
    formatted: [a.company, a.address1, a.address2, area, a.country].filter((x): x is string => Boolean(x)),
    formattedArea:
      [[a.city, a.provinceCode ?? a.province].filter(Boolean).join(' '), a.country].filter(Boolean).join(', ') || null,
    coordinatesValidated: false,
    latitude: null,
    longitude: null,
    timeZone: null,
    validationResultSummary: null,
  };
}

/** Whether two addresses name the same place and person (ids aside). */
export function sameAddress(
  a: CustomerAddressRec | null | undefined,
  b: CustomerAddressRec | null | undefined,
): boolean {
  if (!a || !b) return !a && !b;
  const { id: _a, ...x } = a;
  const { id: _b, ...y } = b;
  return JSON.stringify(x) === JSON.stringify(y);
}
