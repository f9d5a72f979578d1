// The userErrors entry Admin mutations return; domain rules produce them, resolvers pass them on.
export interface UserError {
  field: string[] | null;
  message: string;
  code?: string | null;
}

export function userError(field: string[] | null, message: string, code: string | null = null): UserError {
  return { field, message, code };
}
